// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Start_Unit_Test is RouterTest {
    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        vm.prank(provider);
        router.start(ROOT);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertWhen_CallerNotProvider() external givenJobExists {
        bytes32 jobId = _fundedJob(true);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, client));
        vm.prank(client);
        router.start(jobId);
    }

    function test_RevertWhen_CallerIsPayout() external givenJobExists {
        bytes32 jobId = _fundedJob(true);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, payout));
        vm.prank(payout);
        router.start(jobId);
    }

    function test_RevertGiven_ExternalJob() external givenJobExists {
        // An external job has no listing, so no account is its on-chain provider.
        bytes32 jobId = _recordedJob(true);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, provider));
        vm.prank(provider);
        router.start(jobId);
    }

    modifier whenCallerIsProvider() {
        _;
    }

    function test_RevertGiven_NotFunded() external givenJobExists whenCallerIsProvider {
        bytes32 jobId = _startedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Started);
        vm.prank(provider);
        router.start(jobId);
    }

    modifier givenFunded() {
        _;
    }

    function test_RevertWhen_StartDeadlinePassed() external givenJobExists whenCallerIsProvider givenFunded {
        bytes32 jobId = _fundedJob(true);
        uint40 deadline = uint40(block.timestamp) + startWindow;
        vm.warp(deadline + 1);
        bytes4 selector = Errors.ComputeRouter_DeadlinePassed.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, jobId, deadline));
        vm.prank(provider);
        router.start(jobId);
    }

    modifier whenBeforeStartDeadline() {
        _;
    }

    function _assertStarts(bytes32 jobId) internal {
        Balances memory before = _balances(address(usdc));
        uint40 endBy = uint40(block.timestamp) + uint40(HOURS) * 1 hours + endGrace;
        vm.expectEmit(address(router));
        emit IComputeRouter.JobStarted(jobId, endBy);
        _start(jobId);

        _assertStatus(jobId, Job.Status.Started);
        _assertDeadline(jobId, endBy);
        assertEq(router.getJob(jobId).amount, AMOUNT, "record.amount");
        assertEq(_reserved(fixedListing), GPUS, "reserved");
        _assertNoMoneyMoved(before);
        _assertReputation(_rep(0, 0, 0, 0, 0, 0));
    }

    function test_WhenBeforeStartDeadline()
        external
        givenJobExists
        whenCallerIsProvider
        givenFunded
        whenBeforeStartDeadline
    {
        bytes32 jobId = _fundedJob(true);
        vm.warp(block.timestamp + 30 minutes);
        _assertStarts(jobId);
    }

    function test_WhenAtStartDeadline()
        external
        givenJobExists
        whenCallerIsProvider
        givenFunded
        whenBeforeStartDeadline
    {
        bytes32 jobId = _fundedJob(true);
        vm.warp(block.timestamp + startWindow);
        _assertStarts(jobId);
    }

    function test_WhenUntracked()
        external
        givenJobExists
        whenCallerIsProvider
        givenFunded
        whenBeforeStartDeadline
    {
        _assertStarts(_fundedJob(false));
    }

    function test_WhenPaused()
        external
        givenJobExists
        whenCallerIsProvider
        givenFunded
        whenBeforeStartDeadline
    {
        bytes32 jobId = _fundedJob(true);
        _pause();
        _assertStarts(jobId);
    }
}
