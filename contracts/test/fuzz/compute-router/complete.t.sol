// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Complete_Fuzz_Test is RouterTest {
    function testFuzz_Complete_HoursUsed(uint24 hoursBooked, uint24 hoursUsed, uint256 warpBy) external {
        hoursBooked = uint24(_bound(hoursBooked, 1, 10_000));
        bytes32 jobId = _createJob(ROOT, GPUS, hoursBooked);
        _start(jobId);
        vm.warp(block.timestamp + _bound(warpBy, 0, 2 * 365 days));

        if (hoursUsed > hoursBooked) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    Errors.ComputeRouter_HoursExceedBooked.selector, hoursUsed, hoursBooked
                )
            );
            _complete(jobId, hoursUsed);
            _assertStatus(jobId, Job.Status.Started);
            return;
        }
        _complete(jobId, hoursUsed);
        _assertStatus(jobId, Job.Status.Completed);
        assertEq(router.getJob(jobId).hoursUsed, hoursUsed, "record.hoursUsed");
        _assertDeadline(jobId, block.timestamp + challengeWindow);
        assertEq(_reserved(fixedListing), GPUS, "reserved");
    }
}
