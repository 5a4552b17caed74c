// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Complete_Unit_Test is RouterTest {
    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        vm.prank(provider);
        router.complete(ROOT, 1);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertWhen_CallerNotProvider() external givenJobExists {
        bytes32 jobId = _startedJob(true);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, stranger));
        vm.prank(stranger);
        router.complete(jobId, HOURS_USED);
    }

    function test_RevertGiven_ExternalJob() external givenJobExists {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Started);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, provider));
        vm.prank(provider);
        router.complete(jobId, HOURS_USED);
    }

    modifier whenCallerIsProvider() {
        _;
    }

    function test_RevertGiven_Funded() external givenJobExists whenCallerIsProvider {
        bytes32 jobId = _fundedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Funded);
        vm.prank(provider);
        router.complete(jobId, HOURS_USED);
    }

    function test_RevertGiven_AlreadyCompleted() external givenJobExists whenCallerIsProvider {
        bytes32 jobId = _completedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Completed);
        vm.prank(provider);
        router.complete(jobId, HOURS);
    }

    modifier givenStarted() {
        _;
    }

    function test_RevertWhen_HoursExceedBooked() external givenJobExists whenCallerIsProvider givenStarted {
        bytes32 jobId = _startedJob(true);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_HoursExceedBooked.selector, HOURS + 1, HOURS)
        );
        vm.prank(provider);
        router.complete(jobId, HOURS + 1);
    }

    modifier whenHoursFitBooking() {
        _;
    }

    function _assertCompletes(bytes32 jobId, uint24 hoursUsed) internal {
        Balances memory before = _balances(address(usdc));
        uint40 challengeEnd = uint40(block.timestamp) + challengeWindow;
        vm.expectEmit(address(router));
        emit IComputeRouter.JobCompleted(jobId, hoursUsed, challengeEnd);
        _complete(jobId, hoursUsed);

        _assertStatus(jobId, Job.Status.Completed);
        _assertDeadline(jobId, challengeEnd);
        assertEq(router.getJob(jobId).hoursUsed, hoursUsed, "record.hoursUsed");
        assertEq(router.getJob(jobId).amount, AMOUNT, "record.amount");
        assertEq(_reserved(fixedListing), GPUS, "reserved");
        _assertNoMoneyMoved(before);
        _assertReputation(_rep(0, 0, 0, 0, 0, 0));
    }

    function test_WhenHoursFitBooking()
        external
        givenJobExists
        whenCallerIsProvider
        givenStarted
        whenHoursFitBooking
    {
        bytes32 jobId = _startedJob(true);
        vm.warp(block.timestamp + uint256(HOURS_USED) * 1 hours);
        _assertCompletes(jobId, HOURS_USED);
    }

    function test_WhenAllHoursUsed()
        external
        givenJobExists
        whenCallerIsProvider
        givenStarted
        whenHoursFitBooking
    {
        _assertCompletes(_startedJob(true), HOURS);
    }

    function test_WhenNoHoursUsed()
        external
        givenJobExists
        whenCallerIsProvider
        givenStarted
        whenHoursFitBooking
    {
        _assertCompletes(_startedJob(true), 0);
    }

    function test_WhenAfterEndBy()
        external
        givenJobExists
        whenCallerIsProvider
        givenStarted
        whenHoursFitBooking
    {
        bytes32 jobId = _startedJob(true);
        vm.warp(router.getJob(jobId).deadline + 1 days);
        _assertCompletes(jobId, HOURS);
    }

    function test_WhenPaused() external givenJobExists whenCallerIsProvider givenStarted whenHoursFitBooking {
        bytes32 jobId = _startedJob(false);
        _pause();
        _assertCompletes(jobId, HOURS_USED);
    }
}
