// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Dispute_Fuzz_Test is RouterTest {
    /// @dev Completed: disputable until the challenge window ends. Started: only once end-by has passed.
    function testFuzz_Dispute_Window(uint256 warpBy, bool fromCompleted, bool tracked) external {
        bytes32 jobId = fromCompleted ? _completedJob(tracked) : _startedJob(tracked);
        Job.Status status = _status(jobId);
        uint40 deadline = router.getJob(jobId).deadline;
        vm.warp(block.timestamp + _bound(warpBy, 0, 60 days));
        bool open = fromCompleted ? block.timestamp <= deadline : block.timestamp > deadline;
        Balances memory before = _balances(address(usdc));

        if (!open) {
            bytes4 selector = fromCompleted
                ? Errors.ComputeRouter_DeadlinePassed.selector
                : Errors.ComputeRouter_DeadlineNotReached.selector;
            vm.expectRevert(abi.encodeWithSelector(selector, jobId, deadline));
        }
        _dispute(jobId);

        if (open) {
            _assertStatus(jobId, Job.Status.Disputed);
            _assertDeadline(jobId, block.timestamp + arbitrationPeriod);
        } else {
            _assertStatus(jobId, status);
            _assertDeadline(jobId, deadline);
        }
        assertEq(_reserved(fixedListing), GPUS, "reserved");
        _assertNoMoneyMoved(before);
    }

    function testFuzz_Dispute_RevertWhen_NotClient(address caller, bytes32 salt, bool tracked) external {
        bytes32 jobId = _completedJob(tracked);
        bool isClient =
            tracked ? caller == client : router.clientCommitment(caller, salt) == router.getJob(jobId).client;
        vm.assume(!isClient);
        _expectNotClient(jobId, caller);
        vm.prank(caller);
        router.dispute(jobId, salt);
    }
}
