// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_ReputationOf_Unit_Test is ProviderRegistry_Unit_Test {
    function test_GivenNoHistory() external view {
        IProviderRegistry.Reputation memory empty;
        _assertEq(registry.reputationOf(provider), empty);
    }

    function test_GivenHistory() external {
        _reserve(fixedListing, 8, 10);
        vm.startPrank(address(router));
        registry.settle(fixedListing, 2, IProviderRegistry.Outcome.Completed, 20);
        registry.settle(fixedListing, 2, IProviderRegistry.Outcome.NoShow, 0);
        registry.settle(fixedListing, 2, IProviderRegistry.Outcome.DisputeLost, 5);
        registry.settle(fixedListing, 2, IProviderRegistry.Outcome.DisputeSettled, 7);
        registry.rate(provider, 4);
        registry.rate(provider, 2);
        vm.stopPrank();

        _assertEq(
            registry.reputationOf(provider),
            IProviderRegistry.Reputation({
                completed: 1, noShows: 1, disputesLost: 1, ratingCount: 2, ratingSum: 6, gpuHoursServed: 32
            })
        );
    }
}
