// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Dispute_Unit_Test is RouterTest {
    function _assertDisputes(bytes32 jobId) internal {
        Balances memory before = _balances(address(usdc));
        uint40 arbitrationDeadline = uint40(block.timestamp) + arbitrationPeriod;
        vm.expectEmit(address(router));
        emit IComputeRouter.JobDisputed(jobId, arbitrationDeadline);
        _dispute(jobId);

        _assertStatus(jobId, Job.Status.Disputed);
        _assertDeadline(jobId, arbitrationDeadline);
        assertEq(router.getJob(jobId).amount, AMOUNT, "record.amount");
        assertEq(_reserved(fixedListing), GPUS, "reserved");
        _assertNoMoneyMoved(before);
        _assertReputation(_rep(0, 0, 0, 0, 0, 0));
    }

    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        vm.prank(client);
        router.dispute(ROOT, SALT);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertWhen_CallerNotClient() external givenJobExists {
        bytes32 jobId = _completedJob(true);
        _expectNotClient(jobId, provider);
        vm.prank(provider);
        router.dispute(jobId, SALT);
    }

    function test_RevertWhen_UntrackedWrongSalt() external givenJobExists {
        bytes32 jobId = _completedJob(false);
        _expectNotClient(jobId, client);
        vm.prank(client);
        router.dispute(jobId, WRONG_SALT);
    }

    function test_RevertWhen_UntrackedSaltFromOtherCaller() external givenJobExists {
        bytes32 jobId = _completedJob(false);
        _expectNotClient(jobId, stranger);
        vm.prank(stranger);
        router.dispute(jobId, SALT);
    }

    modifier whenCallerIsClient() {
        _;
    }

    function test_RevertGiven_ExternalJob() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _recordedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Recorded);
        vm.prank(client);
        router.dispute(jobId, SALT);

        _updateExternal(jobId, Job.Status.Started);
        _expectInvalidStatus(jobId, Job.Status.Started);
        vm.prank(client);
        router.dispute(jobId, SALT);
    }

    function test_RevertGiven_Funded() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _fundedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Funded);
        vm.prank(client);
        router.dispute(jobId, SALT);
    }

    function test_RevertGiven_AlreadyDisputed() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _disputedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Disputed);
        vm.prank(client);
        router.dispute(jobId, SALT);
    }

    modifier givenCompleted() {
        _;
    }

    function test_RevertWhen_ChallengeWindowPassed()
        external
        givenJobExists
        whenCallerIsClient
        givenCompleted
    {
        bytes32 jobId = _completedJob(true);
        uint40 challengeEnd = uint40(block.timestamp) + challengeWindow;
        vm.warp(challengeEnd + 1);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_DeadlinePassed.selector, jobId, challengeEnd)
        );
        vm.prank(client);
        router.dispute(jobId, SALT);
    }

    modifier whenChallengeWindowOpen() {
        _;
    }

    function test_WhenChallengeWindowOpen()
        external
        givenJobExists
        whenCallerIsClient
        givenCompleted
        whenChallengeWindowOpen
    {
        bytes32 jobId = _completedJob(true);
        vm.warp(block.timestamp + 3 hours);
        _assertDisputes(jobId);
    }

    function test_WhenAtChallengeWindowEnd()
        external
        givenJobExists
        whenCallerIsClient
        givenCompleted
        whenChallengeWindowOpen
    {
        bytes32 jobId = _completedJob(true);
        vm.warp(router.getJob(jobId).deadline);
        _assertDisputes(jobId);
    }

    function test_WhenUntracked()
        external
        givenJobExists
        whenCallerIsClient
        givenCompleted
        whenChallengeWindowOpen
    {
        _assertDisputes(_completedJob(false));
    }

    function test_WhenPaused()
        external
        givenJobExists
        whenCallerIsClient
        givenCompleted
        whenChallengeWindowOpen
    {
        bytes32 jobId = _completedJob(true);
        _pause();
        _assertDisputes(jobId);
    }

    modifier givenStarted() {
        _;
    }

    function test_RevertWhen_EndByNotPassed() external givenJobExists whenCallerIsClient givenStarted {
        bytes32 jobId = _startedJob(true);
        uint40 endBy = router.getJob(jobId).deadline;
        vm.warp(block.timestamp + uint256(HOURS) * 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_DeadlineNotReached.selector, jobId, endBy)
        );
        vm.prank(client);
        router.dispute(jobId, SALT);
    }

    function test_RevertWhen_AtEndBy() external givenJobExists whenCallerIsClient givenStarted {
        bytes32 jobId = _startedJob(true);
        uint40 endBy = router.getJob(jobId).deadline;
        vm.warp(endBy);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_DeadlineNotReached.selector, jobId, endBy)
        );
        vm.prank(client);
        router.dispute(jobId, SALT);
    }

    function test_WhenEndByPassed() external givenJobExists whenCallerIsClient givenStarted {
        bytes32 jobId = _startedJob(true);
        vm.warp(router.getJob(jobId).deadline + 1);
        _assertDisputes(jobId);
    }
}
