// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {BlacklistToken} from "../shared/BlacklistToken.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Withdraw_Unit_Test is RouterTest {
    uint16 internal constant MAX_FEE = 1000;

    address internal vault = makeAddr("vault");

    /// @dev A job on a token that refuses the payout: released, so the provider's share is credited.
    function _payoutCredited(BlacklistToken.Refusal refusal) internal returns (BlacklistToken token) {
        uint32 listingId;
        (token, listingId) = _blacklistListing(refusal);
        bytes32 jobId = _completedJobOn(listingId, true);
        token.setBlacklisted(payout, true);
        vm.expectEmit(address(router));
        emit IComputeRouter.PaymentCredited(address(token), payout, EARNED);
        vm.prank(client);
        router.release(jobId, SALT);
        assertEq(token.balanceOf(payout), 0, "payout balance");
        assertEq(router.owed(address(token), payout), EARNED, "payout owed");
    }

    function _assertWithdraws(address token, address account, uint256 amount) internal {
        uint256 routerBefore = IERC20(token).balanceOf(address(router));
        uint256 accountBefore = IERC20(token).balanceOf(account);
        vm.expectEmit(address(router));
        emit IComputeRouter.Withdrawn(token, account, vault, amount);
        vm.expectEmit(token);
        emit IERC20.Transfer(address(router), vault, amount);
        vm.prank(account);
        router.withdraw(token, vault);

        assertEq(router.owed(token, account), 0, "owed");
        assertEq(IERC20(token).balanceOf(vault), amount, "vault balance");
        assertEq(IERC20(token).balanceOf(address(router)), routerBefore - amount, "router balance");
        assertEq(IERC20(token).balanceOf(account), accountBefore, "account balance");
    }

    function test_RevertWhen_NothingOwed() external {
        _releasedJob(true);
        vm.expectRevert(Errors.ComputeRouter_NothingOwed.selector);
        vm.prank(payout);
        router.withdraw(address(usdc), vault);
    }

    function test_RevertWhen_AlreadyWithdrawn() external {
        BlacklistToken token = _payoutCredited(BlacklistToken.Refusal.Revert);
        vm.prank(payout);
        router.withdraw(address(token), vault);
        vm.expectRevert(Errors.ComputeRouter_NothingOwed.selector);
        vm.prank(payout);
        router.withdraw(address(token), vault);
    }

    modifier whenSomethingOwed() {
        _;
    }

    function test_RevertWhen_ZeroRecipient() external whenSomethingOwed {
        BlacklistToken token = _payoutCredited(BlacklistToken.Refusal.Revert);
        vm.expectRevert(Errors.ComputeRouter_ZeroAddress.selector);
        vm.prank(payout);
        router.withdraw(address(token), address(0));
    }

    modifier whenRecipientNotZero() {
        _;
    }

    function test_RevertWhen_RecipientRefusesToken() external whenSomethingOwed whenRecipientNotZero {
        BlacklistToken token = _payoutCredited(BlacklistToken.Refusal.Revert);
        // Withdrawing to the blocked address itself fails loudly and the credit stays.
        vm.expectRevert(abi.encodeWithSelector(BlacklistToken.BlacklistToken_Blacklisted.selector, payout));
        vm.prank(payout);
        router.withdraw(address(token), payout);
        assertEq(router.owed(address(token), payout), EARNED, "payout owed");
    }

    function test_GivenPushReverted() external whenSomethingOwed whenRecipientNotZero {
        BlacklistToken token = _payoutCredited(BlacklistToken.Refusal.Revert);
        _assertWithdraws(address(token), payout, EARNED);
    }

    function test_GivenPushReturnedFalse() external whenSomethingOwed whenRecipientNotZero {
        BlacklistToken token = _payoutCredited(BlacklistToken.Refusal.ReturnFalse);
        _assertWithdraws(address(token), payout, EARNED);
    }

    function test_GivenRefundPushToClientFailed() external whenSomethingOwed whenRecipientNotZero {
        (BlacklistToken token, uint32 listingId) = _blacklistListing(BlacklistToken.Refusal.Revert);
        bytes32 jobId = _submit(_termsOn(listingId, ROOT, GPUS, HOURS, true));
        token.setBlacklisted(client, true);
        vm.warp(block.timestamp + startWindow + 1);
        vm.expectEmit(address(router));
        emit IComputeRouter.PaymentCredited(address(token), client, AMOUNT);
        router.refund(jobId);
        _assertStatus(jobId, Job.Status.Refunded);
        assertEq(router.owed(address(token), client), AMOUNT, "client owed");

        _assertWithdraws(address(token), client, AMOUNT);
    }

    function test_GivenTreasuryCreditedFee() external whenSomethingOwed whenRecipientNotZero {
        _setFee(MAX_FEE);
        _releasedJob(true);
        _assertWithdraws(address(usdc), treasury, EARNED / 10);
    }

    function test_WhenPaused() external whenSomethingOwed whenRecipientNotZero {
        BlacklistToken token = _payoutCredited(BlacklistToken.Refusal.Revert);
        _pause();
        _assertWithdraws(address(token), payout, EARNED);
    }
}
