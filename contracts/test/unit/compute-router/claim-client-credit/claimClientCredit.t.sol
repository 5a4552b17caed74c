// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract ClaimClientCredit_Unit_Test is RouterTest {
    /// @dev A fresh wallet the client withdraws to, unlinked to the address that funded the job.
    address internal vault = makeAddr("vault");

    function _assertClaims(bytes32 jobId, address token, uint96 amount) internal {
        uint256 routerBefore = IERC20(token).balanceOf(address(router));
        uint256 clientBefore = IERC20(token).balanceOf(client);
        vm.expectEmit(address(router));
        emit IComputeRouter.Withdrawn(token, client, vault, amount);
        vm.expectEmit(token);
        emit IERC20.Transfer(address(router), vault, amount);
        vm.prank(client);
        router.claimClientCredit(jobId, SALT, token, vault);

        assertEq(router.clientCredit(jobId, token), 0, "client credit");
        assertEq(IERC20(token).balanceOf(vault), amount, "vault balance");
        assertEq(IERC20(token).balanceOf(address(router)), routerBefore - amount, "router balance");
        assertEq(IERC20(token).balanceOf(client), clientBefore, "client balance");
    }

    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        vm.prank(client);
        router.claimClientCredit(ROOT, SALT, address(usdc), vault);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertWhen_WrongSalt() external givenJobExists {
        bytes32 jobId = _releasedJob(false);
        _expectNotClient(jobId, client);
        vm.prank(client);
        router.claimClientCredit(jobId, WRONG_SALT, address(usdc), vault);
    }

    function test_RevertWhen_WrongCaller() external givenJobExists {
        bytes32 jobId = _releasedJob(false);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.claimClientCredit(jobId, SALT, address(usdc), stranger);
    }

    function test_RevertWhen_StrangerOnTrackedJob() external givenJobExists {
        bytes32 jobId = _releasedJob(true);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.claimClientCredit(jobId, SALT, address(usdc), stranger);
    }

    modifier whenCallerIsClient() {
        _;
    }

    function test_RevertWhen_NothingOwed() external givenJobExists whenCallerIsClient {
        // Funded but not settled: nothing is held yet.
        bytes32 jobId = _fundedJob(false);
        vm.expectRevert(Errors.ComputeRouter_NothingOwed.selector);
        vm.prank(client);
        router.claimClientCredit(jobId, SALT, address(usdc), vault);
    }

    function test_RevertWhen_CreditInOtherToken() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _releasedJob(false);
        vm.expectRevert(Errors.ComputeRouter_NothingOwed.selector);
        vm.prank(client);
        router.claimClientCredit(jobId, SALT, address(akt), vault);
    }

    function test_RevertWhen_AlreadyClaimed() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _releasedJob(false);
        vm.prank(client);
        router.claimClientCredit(jobId, SALT, address(usdc), vault);
        vm.expectRevert(Errors.ComputeRouter_NothingOwed.selector);
        vm.prank(client);
        router.claimClientCredit(jobId, SALT, address(usdc), vault);
    }

    modifier whenSomethingHeld() {
        _;
    }

    function test_RevertWhen_ZeroRecipient() external givenJobExists whenCallerIsClient whenSomethingHeld {
        bytes32 jobId = _releasedJob(false);
        vm.expectRevert(Errors.ComputeRouter_ZeroAddress.selector);
        vm.prank(client);
        router.claimClientCredit(jobId, SALT, address(usdc), address(0));
    }

    modifier whenRecipientNotZero() {
        _;
    }

    function test_WhenUnusedHoursHeld()
        external
        givenJobExists
        whenCallerIsClient
        whenSomethingHeld
        whenRecipientNotZero
    {
        bytes32 jobId = _releasedJob(false);
        _assertClaims(jobId, address(usdc), AMOUNT - EARNED);
    }

    function test_WhenNoShowRefundHeld()
        external
        givenJobExists
        whenCallerIsClient
        whenSomethingHeld
        whenRecipientNotZero
    {
        bytes32 jobId = _refundedJob(false);
        _assertClaims(jobId, address(usdc), AMOUNT);
    }

    function test_WhenHeldInTwoTokens()
        external
        givenJobExists
        whenCallerIsClient
        whenSomethingHeld
        whenRecipientNotZero
    {
        uint96 aktPrice = 5e17;
        uint32 aktListing = _addTokenListing(address(akt), aktPrice, 4);
        akt.mint(client, 1_000e18);
        vm.prank(client);
        akt.approve(address(router), type(uint256).max);
        _stake(50e6);
        bytes32 jobId = _completedJobOn(aktListing, false);
        _dispute(jobId);
        uint96 amount = aktPrice * GPUS * HOURS;
        vm.prank(arbiter);
        router.resolve(jobId, 0, amount, 20e6, true);

        _assertClaims(jobId, address(akt), amount);
        _assertClaims(jobId, address(usdc), 20e6);
    }

    function test_WhenPaused()
        external
        givenJobExists
        whenCallerIsClient
        whenSomethingHeld
        whenRecipientNotZero
    {
        bytes32 jobId = _releasedJob(false);
        _pause();
        _assertClaims(jobId, address(usdc), AMOUNT - EARNED);
    }
}
