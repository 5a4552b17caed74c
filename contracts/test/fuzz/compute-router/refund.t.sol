// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Refund_Fuzz_Test is RouterTest {
    function testFuzz_Refund_OnlyAfterDeadline(uint256 warpBy, bool disputed, bool tracked) external {
        bytes32 jobId = disputed ? _disputedJob(tracked) : _fundedJob(tracked);
        Job.Status status = _status(jobId);
        uint40 deadline = router.getJob(jobId).deadline;
        vm.warp(block.timestamp + _bound(warpBy, 0, 3650 days));
        Balances memory before = _balances(address(usdc));

        if (block.timestamp <= deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(Errors.ComputeRouter_DeadlineNotReached.selector, jobId, deadline)
            );
            vm.prank(stranger);
            router.refund(jobId);
            _assertStatus(jobId, status);
            assertEq(_reserved(fixedListing), GPUS, "reserved");
            _assertNoMoneyMoved(before);
            return;
        }
        vm.prank(stranger);
        router.refund(jobId);
        _assertStatus(jobId, Job.Status.Refunded);
        assertEq(_reserved(fixedListing), 0, "reserved");
        int256 dClient = tracked ? int256(uint256(AMOUNT)) : int256(0);
        _assertDeltas(address(usdc), before, dClient, 0, -dClient, 0);
        assertEq(router.clientCredit(jobId, address(usdc)), tracked ? 0 : AMOUNT, "client credit");
        _assertReputation(_rep(0, disputed ? 0 : 1, 0, 0, 0, 0));
    }
}
