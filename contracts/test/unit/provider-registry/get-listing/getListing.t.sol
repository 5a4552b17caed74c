// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_GetListing_Unit_Test is ProviderRegistry_Unit_Test {
    function test_GivenListingNotFound() external view {
        Listing.Record memory empty;
        _assertEq(registry.getListing(0), empty);
        _assertEq(registry.getListing(2), empty);
    }

    function test_GivenListingExists() external {
        Listing.Params memory p = _params(Listing.PricingModel.Dynamic, address(usdc), 5e6, 7500, 16);
        vm.prank(provider);
        uint32 id = registry.addListing(p);
        _reserve(id, 5, 2);
        vm.prank(provider);
        registry.setCapacity(id, Listing.Capacity.Reserved);

        Listing.Record memory expected = _record(p, provider, 5);
        expected.capacity = Listing.Capacity.Reserved;
        _assertEq(registry.getListing(id), expected);
        _assertEq(
            registry.getListing(fixedListing),
            _record(_params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, FIXED_GPUS), provider, 0)
        );
    }
}
