// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract UpdateExternalJob_Unit_Test is RouterTest {
    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        vm.prank(client);
        router.updateExternalJob(ROOT, SALT, Job.Status.Started);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertWhen_CallerNotClient() external givenJobExists {
        bytes32 jobId = _recordedJob(true);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.updateExternalJob(jobId, SALT, Job.Status.Cancelled);
    }

    function test_RevertWhen_UntrackedWrongSalt() external givenJobExists {
        bytes32 jobId = _recordedJob(false);
        _expectNotClient(jobId, client);
        vm.prank(client);
        router.updateExternalJob(jobId, WRONG_SALT, Job.Status.Cancelled);
    }

    function test_RevertWhen_UntrackedSaltFromOtherCaller() external givenJobExists {
        bytes32 jobId = _recordedJob(false);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.updateExternalJob(jobId, SALT, Job.Status.Cancelled);
    }

    modifier whenCallerIsClient() {
        _;
    }

    function test_RevertGiven_EscrowedJob() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _startedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Started);
        vm.prank(client);
        router.updateExternalJob(jobId, SALT, Job.Status.Completed);
    }

    function test_RevertGiven_Completed() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Completed);
        _expectInvalidStatus(jobId, Job.Status.Completed);
        vm.prank(client);
        router.updateExternalJob(jobId, SALT, Job.Status.Cancelled);
    }

    function test_RevertGiven_Cancelled() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Cancelled);
        _expectInvalidStatus(jobId, Job.Status.Cancelled);
        vm.prank(client);
        router.updateExternalJob(jobId, SALT, Job.Status.Completed);
    }

    modifier givenRecordedOrStarted() {
        _;
    }

    function test_RevertWhen_StatusNotReportable()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
    {
        bytes32 jobId = _recordedJob(true);
        Job.Status[7] memory refused = [
            Job.Status.None,
            Job.Status.Funded,
            Job.Status.Released,
            Job.Status.Refunded,
            Job.Status.Disputed,
            Job.Status.Resolved,
            Job.Status.Recorded
        ];
        for (uint256 i; i < refused.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(Errors.ComputeRouter_InvalidExternalStatus.selector, refused[i])
            );
            vm.prank(client);
            router.updateExternalJob(jobId, SALT, refused[i]);
        }
        _assertStatus(jobId, Job.Status.Recorded);
    }

    function test_RevertWhen_StartedAgain()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
    {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Started);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidExternalStatus.selector, Job.Status.Started)
        );
        vm.prank(client);
        router.updateExternalJob(jobId, SALT, Job.Status.Started);
    }

    modifier whenStatusMovesForward() {
        _;
    }

    function _assertMove(bytes32 jobId, Job.Status to) internal {
        Balances memory before = _balances(address(usdc));
        vm.expectEmit(address(router));
        emit IComputeRouter.ExternalJobStatusChanged(jobId, to);
        _updateExternal(jobId, to);
        _assertStatus(jobId, to);
        // Only the status moves: no escrow, listing or deadline appears.
        Job.Record memory r = router.getJob(jobId);
        assertEq(r.amount, 0, "record.amount");
        assertEq(r.listingId, 0, "record.listingId");
        assertEq(r.deadline, 0, "record.deadline");
        _assertNoMoneyMoved(before);
        _assertReputation(_rep(0, 0, 0, 0, 0, 0));
    }

    function test_WhenRecordedToStarted()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
        whenStatusMovesForward
    {
        _assertMove(_recordedJob(true), Job.Status.Started);
    }

    function test_WhenRecordedToCompleted()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
        whenStatusMovesForward
    {
        _assertMove(_recordedJob(true), Job.Status.Completed);
    }

    function test_WhenRecordedToCancelled()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
        whenStatusMovesForward
    {
        _assertMove(_recordedJob(true), Job.Status.Cancelled);
    }

    function test_WhenStartedToCompleted()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
        whenStatusMovesForward
    {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Started);
        _assertMove(jobId, Job.Status.Completed);
    }

    function test_WhenStartedToCancelled()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
        whenStatusMovesForward
    {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Started);
        _assertMove(jobId, Job.Status.Cancelled);
    }

    function test_WhenUntrackedClientWithSalt()
        external
        givenJobExists
        whenCallerIsClient
        givenRecordedOrStarted
        whenStatusMovesForward
    {
        bytes32 jobId = _recordedJob(false);
        _assertMove(jobId, Job.Status.Started);
        _assertMove(jobId, Job.Status.Completed);
    }
}
