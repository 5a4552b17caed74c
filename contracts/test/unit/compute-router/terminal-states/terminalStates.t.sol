// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

/// @notice Released, Refunded, Resolved, Cancelled (and external Completed) are final: no call moves them.
contract TerminalStates_Unit_Test is RouterTest {
    /// @dev Each call made by the one account that could make it in an open state, after every deadline.
    function _assertLifecycleRefused(bytes32 jobId, Job.Status status, bool escrowed) internal {
        vm.warp(block.timestamp + 365 days);
        Job.Record memory before = router.getJob(jobId);
        Balances memory balances = _balances(address(usdc));
        uint16 reserved = _reserved(fixedListing);

        if (escrowed) {
            _expectInvalidStatus(jobId, status);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, provider)
            );
        }
        vm.prank(provider);
        router.start(jobId);

        if (escrowed) {
            _expectInvalidStatus(jobId, status);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, provider)
            );
        }
        vm.prank(provider);
        router.complete(jobId, 0);

        _expectInvalidStatus(jobId, status);
        vm.prank(client);
        router.release(jobId, SALT);

        _expectInvalidStatus(jobId, status);
        router.refund(jobId);

        _expectInvalidStatus(jobId, status);
        vm.prank(client);
        router.dispute(jobId, SALT);

        _expectInvalidStatus(jobId, status);
        vm.prank(arbiter);
        router.resolve(jobId, before.amount, 0, 0, false);

        Job.Status[3] memory reports = [Job.Status.Started, Job.Status.Completed, Job.Status.Cancelled];
        for (uint256 i; i < reports.length; ++i) {
            _expectInvalidStatus(jobId, status);
            vm.prank(client);
            router.updateExternalJob(jobId, SALT, reports[i]);
        }

        _assertRecord(jobId, before);
        _assertNoMoneyMoved(balances);
        assertEq(_reserved(fixedListing), reserved, "reserved");
    }

    function _assertRateRefused(bytes32 jobId, Job.Status status) internal {
        _expectInvalidStatus(jobId, status);
        vm.prank(client);
        router.rate(jobId, SALT, 5);
    }

    function test_GivenReleased() external {
        _assertLifecycleRefused(_releasedJob(true), Job.Status.Released, true);
    }

    function test_GivenReleasedUntracked() external {
        _assertLifecycleRefused(_releasedJob(false), Job.Status.Released, true);
    }

    function test_GivenRefunded() external {
        bytes32 jobId = _refundedJob(true);
        _assertLifecycleRefused(jobId, Job.Status.Refunded, true);
        _assertRateRefused(jobId, Job.Status.Refunded);
    }

    function test_GivenRefundedAfterDispute() external {
        bytes32 jobId = _disputedJob(true);
        vm.warp(block.timestamp + arbitrationPeriod + 1);
        router.refund(jobId);
        _assertLifecycleRefused(jobId, Job.Status.Refunded, true);
        _assertRateRefused(jobId, Job.Status.Refunded);
    }

    function test_GivenResolved() external {
        _assertLifecycleRefused(_resolvedJob(true), Job.Status.Resolved, true);
    }

    function test_GivenCancelled() external {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Cancelled);
        _assertLifecycleRefused(jobId, Job.Status.Cancelled, false);
        _assertRateRefused(jobId, Job.Status.Cancelled);
    }

    function test_GivenExternalCompleted() external {
        bytes32 jobId = _recordedJob(false);
        _updateExternal(jobId, Job.Status.Started);
        _updateExternal(jobId, Job.Status.Completed);
        _assertLifecycleRefused(jobId, Job.Status.Completed, false);
        _assertRateRefused(jobId, Job.Status.Completed);
    }
}
