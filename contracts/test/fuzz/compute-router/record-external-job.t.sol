// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IComputeRouter} from "../../../src/interfaces/IComputeRouter.sol";
import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract RecordExternalJob_Fuzz_Test is RouterTest {
    function testFuzz_RecordExternalJob(Job.ExternalTerms memory t, address caller, bytes32 salt) external {
        vm.assume(caller != address(0) && caller != address(router));
        t.gpus = uint16(_bound(t.gpus, 1, type(uint16).max));
        t.hoursBooked = uint24(_bound(t.hoursBooked, 1, type(uint24).max));
        t.logLength = uint32(_bound(t.logLength, 1, type(uint32).max));
        t.expiry = uint64(_bound(t.expiry, block.timestamp, type(uint64).max));
        t.team = 0;
        t.client = t.tracked ? bytes20(caller) : router.clientCommitment(caller, salt);
        bytes memory sig = _signExternal(t);
        Balances memory before = _balances(address(usdc));

        vm.expectEmit(address(router));
        emit IComputeRouter.ExternalJobRecorded(
            t.root,
            t.providerId,
            t.offerHash,
            t.tracked ? caller : address(0),
            t.client,
            0,
            t.usdPerGpuHour,
            t.gpus,
            t.hoursBooked,
            t.logLength
        );
        vm.prank(caller);
        router.recordExternalJob(t, sig);

        _assertRecord(
            t.root,
            Job.Record({
                client: t.client,
                amount: 0,
                listingId: 0,
                deadline: 0,
                hoursBooked: t.hoursBooked,
                hoursUsed: 0,
                gpus: t.gpus,
                status: Job.Status.Recorded,
                tracked: t.tracked,
                rated: false,
                logLength: t.logLength
            })
        );
        _assertNoMoneyMoved(before);
    }
}
