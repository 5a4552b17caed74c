// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract UpdateExternalJob_Fuzz_Test is RouterTest {
    /// @dev Recorded → Started | Completed | Cancelled; Started → Completed | Cancelled; nothing else.
    function testFuzz_UpdateExternalJob_Transitions(uint8 toSeed, bool startedFirst, bool tracked) external {
        Job.Status to = Job.Status(_bound(toSeed, 0, uint8(type(Job.Status).max)));
        bytes32 jobId = _recordedJob(tracked);
        if (startedFirst) _updateExternal(jobId, Job.Status.Started);
        Job.Status from = _status(jobId);
        bool allowed = to == Job.Status.Completed || to == Job.Status.Cancelled
            || (to == Job.Status.Started && from == Job.Status.Recorded);

        if (!allowed) {
            vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_InvalidExternalStatus.selector, to));
        }
        _updateExternal(jobId, to);
        _assertStatus(jobId, allowed ? to : from);

        // Completed and Cancelled are final.
        if (allowed && to != Job.Status.Started) {
            _expectInvalidStatus(jobId, to);
            _updateExternal(jobId, Job.Status.Cancelled);
        }
    }
}
