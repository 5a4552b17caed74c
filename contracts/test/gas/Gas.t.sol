// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../../src/types/Job.sol";
import {Listing} from "../../src/types/Listing.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice One measured call per test, recorded with `snapshotGasLastCall` in `snapshots/GasTest.json`
/// and checked by `npm test` (`forge snapshot --check` with FORGE_SNAPSHOT_CHECK=true). The figures are
/// execution gas with cold storage (the measured call is the only call of its test), without the 21,000
/// base cost and calldata, as Sablier's benchmarks quote them; `forge test --isolate` gives the
/// whole-transaction (receipt) figures instead. The state is steady: setUp leaves the listing's
/// reservation, the provider's reputation and every balance non-zero, as on a live market.
contract GasTest is Base {
    bytes32 internal constant FUNDED = keccak256("funded");
    bytes32 internal constant STARTED = keccak256("started");
    bytes32 internal constant COMPLETED_PARTIAL = keccak256("completed partial");
    bytes32 internal constant COMPLETED_FULL = keccak256("completed full");
    bytes32 internal constant NO_SHOW = keccak256("no-show");

    Job.Terms internal nextTerms;
    bytes internal nextSignature;
    Job.Terms internal nextUntrackedTerms;
    bytes internal nextUntrackedSignature;

    function setUp() public override {
        super.setUp();
        bytes32 done = _createJob(keccak256("released"), 1, 1);
        _start(done);
        _complete(done, 1);
        vm.prank(client);
        router.release(done, bytes32(0));
        _createJob(keccak256("refunded"), 1, 1);
        vm.warp(block.timestamp + router.START_WINDOW() + 1);
        router.refund(keccak256("refunded"));

        _createJob(NO_SHOW, 1, 24);
        vm.warp(block.timestamp + router.START_WINDOW() + 1);
        _createJob(FUNDED, 1, 24);
        _start(_createJob(STARTED, 1, 24));
        bytes32 partial_ = _createJob(COMPLETED_PARTIAL, 2, 24);
        _start(partial_);
        _complete(partial_, 20);
        bytes32 full = _createJob(COMPLETED_FULL, 1, 24);
        _start(full);
        _complete(full, 24);

        nextTerms = _terms(keccak256("next"), fixedListing, 1, 24);
        nextSignature = _sign(nextTerms);
        nextUntrackedTerms = _untrackedTerms(keccak256("next untracked"), fixedListing, 1, 24);
        nextUntrackedSignature = _sign(nextUntrackedTerms);
    }

    function test_Gas_CreateJob() public {
        vm.prank(client);
        router.createJob(nextTerms, nextSignature);
        vm.snapshotGasLastCall("createJob");
    }

    function test_Gas_CreateJobUntracked() public {
        vm.prank(client);
        router.createJob(nextUntrackedTerms, nextUntrackedSignature);
        vm.snapshotGasLastCall("createJob (untracked)");
    }

    function test_Gas_ReleaseAllHoursUsed() public {
        vm.prank(client);
        router.release(COMPLETED_FULL, bytes32(0));
        vm.snapshotGasLastCall("release (all hours used)");
    }

    function test_Gas_ReleaseWithUnusedHours() public {
        vm.prank(client);
        router.release(COMPLETED_PARTIAL, bytes32(0));
        vm.snapshotGasLastCall("release (unused hours refunded)");
    }

    function test_Gas_Refund() public {
        vm.prank(stranger);
        router.refund(NO_SHOW);
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
        vm.prank(provider);
        router.start(FUNDED);
        vm.snapshotGasLastCall("start");
    }

    function test_Gas_Complete() public {
        vm.prank(provider);
        router.complete(STARTED, 24);
        vm.snapshotGasLastCall("complete");
    }
}
