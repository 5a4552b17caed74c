// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Start_Fuzz_Test is RouterTest {
    function testFuzz_Start_BeforeStartDeadline(uint256 warpBy, uint24 hoursBooked) external {
        hoursBooked = uint24(_bound(hoursBooked, 1, type(uint24).max));
        _fund(client, uint256(PRICE) * hoursBooked);
        bytes32 jobId = _createJob(ROOT, 1, hoursBooked);
        uint40 deadline = router.getJob(jobId).deadline;
        vm.warp(block.timestamp + _bound(warpBy, 0, 30 days));

        if (block.timestamp > deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(Errors.ComputeRouter_DeadlinePassed.selector, jobId, deadline)
            );
            _start(jobId);
            _assertStatus(jobId, Job.Status.Funded);
            return;
        }
        _start(jobId);
        _assertStatus(jobId, Job.Status.Started);
        _assertDeadline(jobId, block.timestamp + uint256(hoursBooked) * 1 hours + endGrace);
    }

    function testFuzz_Start_RevertWhen_CallerNotProvider(address caller) external {
        vm.assume(caller != provider);
        bytes32 jobId = _fundedJob(true);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_NotProvider.selector, jobId, caller));
        vm.prank(caller);
        router.start(jobId);
    }
}
