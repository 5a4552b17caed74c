// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../../src/types/Job.sol";
import {Listing} from "../../src/types/Listing.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice One call per test, measured with `snapshotGasLastCall` (written to `snapshots/Gas.json`,
/// checked by `FORGE_SNAPSHOT_CHECK=true forge test`). Steady state: balances and listing slots are warm
/// from earlier jobs, as on a live market.
contract GasTest is Base {
    function setUp() public override {
        super.setUp();
        // Steady state: a released job and a no-show refund leave the reservation slot, the reputation
        // counters and every balance non-zero, as on a live market.
        bytes32 done = _createJob(keccak256("released"), 1, 1);
        _start(done);
        _complete(done, 1);
        vm.prank(client);
        router.release(done, bytes32(0));
        _createJob(keccak256("refunded"), 1, 1);
        vm.warp(block.timestamp + router.START_WINDOW() + 1);
        router.refund(keccak256("refunded"));
        _createJob(keccak256("running"), 1, 1);
    }

    function test_Gas_CreateJob() public {
        Job.Terms memory t = _terms(keccak256("job"), fixedListing, 2, 24);
        bytes memory sig = _sign(t);
        vm.prank(client);
        router.createJob(t, sig);
        vm.snapshotGasLastCall("createJob");
    }

    function test_Gas_CreateJobUntracked() public {
        Job.Terms memory t = _untrackedTerms(keccak256("job"), fixedListing, 2, 24);
        bytes memory sig = _sign(t);
        vm.prank(client);
        router.createJob(t, sig);
        vm.snapshotGasLastCall("createJob (untracked)");
    }

    function test_Gas_Release() public {
        bytes32 jobId = _createJob(keccak256("job"), 2, 24);
        _start(jobId);
        _complete(jobId, 20);
        vm.prank(client);
        router.release(jobId, bytes32(0));
        vm.snapshotGasLastCall("release");
    }

    function test_Gas_Refund() public {
        bytes32 jobId = _createJob(keccak256("job"), 2, 24);
        vm.warp(block.timestamp + router.START_WINDOW() + 1);
        vm.prank(stranger);
        router.refund(jobId);
        vm.snapshotGasLastCall("refund");
    }

    function test_Gas_AddListing() public {
        vm.prank(provider);
        registry.addListing(_params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 8));
        vm.snapshotGasLastCall("addListing");
    }

    function test_Gas_SetCapacity() public {
        vm.prank(provider);
        registry.setCapacity(fixedListing, Listing.Capacity.Offline);
        vm.snapshotGasLastCall("setCapacity");
    }

    function test_Gas_Start() public {
        bytes32 jobId = _createJob(keccak256("job"), 2, 24);
        vm.prank(provider);
        router.start(jobId);
        vm.snapshotGasLastCall("start");
    }

    function test_Gas_Complete() public {
        bytes32 jobId = _createJob(keccak256("job"), 2, 24);
        _start(jobId);
        vm.prank(provider);
        router.complete(jobId, 24);
        vm.snapshotGasLastCall("complete");
    }
}
