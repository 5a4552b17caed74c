// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {stdError} from "forge-std/StdError.sol";

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_Settle_Unit_Test is ProviderRegistry_Unit_Test {
    IProviderRegistry.Reputation internal expected;

    function setUp() public override {
        super.setUp();
        _reserve(fixedListing, 6, 10);
    }

    function test_RevertWhen_CallerNotRouter() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotRouter.selector, admin));
        vm.prank(admin);
        registry.settle(fixedListing, 1, IProviderRegistry.Outcome.Completed, 10);
    }

    function test_RevertWhen_GpusAboveReserved() external whenCallerRouter {
        // The router only settles GPUs it reserved; anything else is an arithmetic underflow.
        vm.expectRevert(stdError.arithmeticError);
        vm.prank(address(router));
        registry.settle(fixedListing, 7, IProviderRegistry.Outcome.Completed, 10);
    }

    modifier whenGpusNotAboveReserved() {
        _;
    }

    function test_WhenOutcomeCompleted() external whenCallerRouter whenGpusNotAboveReserved {
        expected.completed = 1;
        expected.gpuHoursServed = 20;
        _settle(2, IProviderRegistry.Outcome.Completed, 20, 4);

        expected.completed = 2;
        expected.gpuHoursServed = 60;
        _settle(4, IProviderRegistry.Outcome.Completed, 40, 0);
    }

    function test_WhenOutcomeNoShow() external whenCallerRouter whenGpusNotAboveReserved {
        expected.noShows = 1;
        // A no-show serves nothing, whatever hours the caller passes.
        _settle(6, IProviderRegistry.Outcome.NoShow, 60, 0);
    }

    function test_WhenOutcomeDisputeLost() external whenCallerRouter whenGpusNotAboveReserved {
        expected.disputesLost = 1;
        expected.gpuHoursServed = 12;
        _settle(3, IProviderRegistry.Outcome.DisputeLost, 12, 3);
    }

    function test_WhenOutcomeDisputeSettled() external whenCallerRouter whenGpusNotAboveReserved {
        expected.gpuHoursServed = 30;
        _settle(6, IProviderRegistry.Outcome.DisputeSettled, 30, 0);
    }

    function test_WhenGpusNotAboveReserved() external whenCallerRouter whenGpusNotAboveReserved {
        address newPayout = makeAddr("newPayout");
        vm.prank(provider);
        registry.updateProvider(newPayout, "ipfs://provider-v2");
        uint32 aktListing = _addListing(provider, Listing.PricingModel.Token, address(akt), 1e18, 0, 2);
        _reserve(aktListing, 2, 1);

        vm.prank(address(router));
        (address payout_, address token) =
            registry.settle(aktListing, 2, IProviderRegistry.Outcome.Completed, 2);
        assertEq(payout_, newPayout, "payout");
        assertEq(token, address(akt), "token");
        assertEq(registry.getListing(aktListing).reservedGpus, 0, "reservedGpus");
        // Reputation is per provider, across listings.
        assertEq(registry.reputationOf(provider).gpuHoursServed, 2, "gpuHoursServed");
    }

    function _settle(uint16 gpus, IProviderRegistry.Outcome outcome, uint64 gpuHours, uint16 reservedAfter)
        internal
    {
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ReservationChanged(fixedListing, reservedAfter);
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ReputationChanged(provider, expected);
        vm.prank(address(router));
        (address payout_, address token) = registry.settle(fixedListing, gpus, outcome, gpuHours);

        // A no-show pays the provider nothing, so settle does not read (or return) the payout address.
        assertEq(payout_, outcome == IProviderRegistry.Outcome.NoShow ? address(0) : payout, "payout");
        assertEq(token, address(usdc), "token");
        assertEq(registry.getListing(fixedListing).reservedGpus, reservedAfter, "reservedGpus");
        _assertEq(registry.reputationOf(provider), expected);
    }
}
