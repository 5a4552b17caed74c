// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Pause_Unit_Test is RouterTest {
    function test_RevertWhen_CallerNotPauser() external {
        address[3] memory callers = [stranger, admin, arbiter];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], pauserRole
                )
            );
            vm.prank(callers[i]);
            router.pause();
        }
    }

    modifier whenCallerIsPauser() {
        _;
    }

    function test_RevertGiven_Paused() external whenCallerIsPauser {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(pauser);
        router.pause();
    }

    modifier givenNotPaused() {
        _;
    }

    function test_GivenNotPaused() external whenCallerIsPauser givenNotPaused {
        vm.expectEmit(address(router));
        emit Pausable.Paused(pauser);
        vm.prank(pauser);
        router.pause();
        assertTrue(router.paused(), "paused");
    }

    function test_GivenNotPaused_NewJobsStop() external whenCallerIsPauser givenNotPaused {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        Job.ExternalTerms memory e = _externalTerms(OTHER_ROOT, true);
        bytes memory externalSig = _signExternal(e);
        _pause();

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(client);
        router.createJob(t, sig);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(client);
        router.recordExternalJob(e, externalSig);
    }

    function test_GivenNotPaused_RunningJobsGoOn() external whenCallerIsPauser givenNotPaused {
        _setFee(100);
        bytes32 released = _createJob(keccak256("released"), 1, HOURS);
        bytes32 refunded = _createJob(keccak256("refunded"), 1, HOURS);
        bytes32 resolved = _createJob(keccak256("resolved"), 1, HOURS);
        bytes32 untracked = _createUntrackedJob(keccak256("untracked"), 1, HOURS);
        bytes32 external_ = _recordedJob(true);
        _pause();

        _start(released);
        _start(resolved);
        _start(untracked);
        _complete(released, HOURS);
        _complete(resolved, HOURS);
        _complete(untracked, 1);
        _dispute(resolved);
        vm.prank(arbiter);
        router.resolve(resolved, PRICE * HOURS, 0, 0, false);
        vm.startPrank(client);
        router.release(released, SALT);
        router.rate(released, SALT, 5);
        router.release(untracked, SALT);
        router.claimClientCredit(untracked, SALT, address(usdc), client);
        router.updateExternalJob(external_, SALT, Job.Status.Cancelled);
        vm.stopPrank();
        vm.warp(block.timestamp + startWindow + 1);
        router.refund(refunded);
        vm.prank(treasury);
        router.withdraw(address(usdc), treasury);

        assertTrue(router.paused(), "paused");
        _assertStatus(released, Job.Status.Released);
        _assertStatus(refunded, Job.Status.Refunded);
        _assertStatus(resolved, Job.Status.Resolved);
        _assertStatus(untracked, Job.Status.Released);
        _assertStatus(external_, Job.Status.Cancelled);
        assertTrue(router.getJob(released).rated, "rated");
        assertEq(_reserved(fixedListing), 0, "reserved");
        assertEq(router.clientCredit(untracked, address(usdc)), 0, "client credit");
        assertEq(router.owed(address(usdc), treasury), 0, "treasury owed");
        // Fees: 1% of 20 USDC (released) and of 2 USDC (untracked, 1 hour used).
        assertEq(usdc.balanceOf(treasury), 0.2e6 + 0.02e6, "treasury balance");
        // Escrow of the settled jobs has left the router; only the 1 USDC warm-up balance stays.
        assertEq(usdc.balanceOf(address(router)), 1, "router balance");
    }
}
