// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract GetJob_Unit_Test is RouterTest {
    function test_GivenJobNotFound() external view {
        _assertRecord(
            ROOT,
            Job.Record({
                client: bytes20(0),
                amount: 0,
                listingId: 0,
                deadline: 0,
                hoursBooked: 0,
                hoursUsed: 0,
                gpus: 0,
                status: Job.Status.None,
                tracked: false,
                rated: false,
                logLength: 0
            })
        );
    }

    modifier givenJobExists() {
        _;
    }

    function test_GivenEscrowedJob() external givenJobExists {
        uint40 t0 = uint40(block.timestamp);
        Job.Record memory expected = Job.Record({
            client: bytes20(client),
            amount: AMOUNT,
            listingId: fixedListing,
            deadline: t0 + startWindow,
            hoursBooked: HOURS,
            hoursUsed: 0,
            gpus: GPUS,
            status: Job.Status.Funded,
            tracked: true,
            rated: false,
            logLength: 4096
        });
        bytes32 jobId = _fundedJob(true);
        _assertRecord(jobId, expected);

        vm.warp(t0 + 1 hours);
        _start(jobId);
        expected.status = Job.Status.Started;
        expected.deadline = t0 + 1 hours + uint40(HOURS) * 1 hours + endGrace;
        _assertRecord(jobId, expected);

        vm.warp(t0 + 8 hours);
        _complete(jobId, HOURS_USED);
        expected.status = Job.Status.Completed;
        expected.hoursUsed = HOURS_USED;
        expected.deadline = t0 + 8 hours + challengeWindow;
        _assertRecord(jobId, expected);

        vm.warp(t0 + 9 hours);
        _dispute(jobId);
        expected.status = Job.Status.Disputed;
        expected.deadline = t0 + 9 hours + arbitrationPeriod;
        _assertRecord(jobId, expected);

        vm.prank(arbiter);
        router.resolve(jobId, AMOUNT, 0, 0, false);
        expected.status = Job.Status.Resolved;
        _assertRecord(jobId, expected);

        vm.prank(client);
        router.rate(jobId, SALT, 3);
        expected.rated = true;
        _assertRecord(jobId, expected);
    }

    function test_GivenExternalJob() external givenJobExists {
        bytes32 jobId = _recordedJob(false);
        _assertRecord(
            jobId,
            Job.Record({
                client: router.clientCommitment(client, SALT),
                amount: 0,
                listingId: 0,
                deadline: 0,
                hoursBooked: 12,
                hoursUsed: 0,
                gpus: 4,
                status: Job.Status.Recorded,
                tracked: false,
                rated: false,
                logLength: 2048
            })
        );
    }
}
