// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract SetFee_Unit_Test is RouterTest {
    uint16 internal maxFeeBps;

    function setUp() public override {
        RouterTest.setUp();
        maxFeeBps = router.MAX_FEE_BPS();
    }

    function _assertSetsFee(uint16 feeBps, address treasury_) internal {
        vm.expectEmit(address(router));
        emit IComputeRouter.FeeSet(feeBps, treasury_);
        vm.prank(admin);
        router.setFee(feeBps, treasury_);
        assertEq(router.feeBps(), feeBps, "feeBps");
        assertEq(router.treasury(), treasury_, "treasury");
    }

    function test_RevertWhen_CallerNotAdmin() external {
        address[3] memory callers = [stranger, arbiter, pauser];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], adminRole
                )
            );
            vm.prank(callers[i]);
            router.setFee(100, treasury);
        }
    }

    modifier whenCallerIsAdmin() {
        _;
    }

    function test_RevertWhen_FeeAboveCap() external whenCallerIsAdmin {
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_FeeTooHigh.selector, maxFeeBps + 1, maxFeeBps)
        );
        vm.prank(admin);
        router.setFee(maxFeeBps + 1, treasury);
    }

    modifier whenFeeWithinCap() {
        _;
    }

    function test_RevertWhen_ZeroTreasury() external whenCallerIsAdmin whenFeeWithinCap {
        vm.expectRevert(Errors.ComputeRouter_ZeroAddress.selector);
        vm.prank(admin);
        router.setFee(1, address(0));
    }

    function test_WhenFeeOffWithoutTreasury() external whenCallerIsAdmin whenFeeWithinCap {
        _setFee(300);
        _assertSetsFee(0, address(0));
    }

    modifier whenTreasurySet() {
        _;
    }

    function test_WhenTreasurySet() external whenCallerIsAdmin whenFeeWithinCap whenTreasurySet {
        _assertSetsFee(250, treasury);
        // Replacing both at once.
        _assertSetsFee(100, stranger);
    }

    function test_WhenFeeAtCap() external whenCallerIsAdmin whenFeeWithinCap whenTreasurySet {
        _assertSetsFee(maxFeeBps, treasury);
    }

    function test_GivenJobEscrowed() external whenCallerIsAdmin whenFeeWithinCap whenTreasurySet {
        bytes32 jobId = _completedJob(true);
        _assertSetsFee(200, treasury);
        uint256 payoutBefore = usdc.balanceOf(payout);
        vm.prank(client);
        router.release(jobId, SALT);
        uint96 fee = EARNED * 200 / 10_000;
        assertEq(router.owed(address(usdc), treasury), fee, "treasury owed");
        assertEq(usdc.balanceOf(payout), payoutBefore + EARNED - fee, "payout balance");
    }
}
