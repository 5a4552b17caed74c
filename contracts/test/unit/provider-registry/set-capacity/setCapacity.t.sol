// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_SetCapacity_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertGiven_ListingNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_ListingNotFound.selector, 0));
        vm.prank(provider);
        registry.setCapacity(0, Listing.Capacity.Offline);
    }

    function test_RevertWhen_CallerNotListingOwner() external givenListingExists {
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ProviderRegistry_NotListingOwner.selector, fixedListing, stranger)
        );
        vm.prank(stranger);
        registry.setCapacity(fixedListing, Listing.Capacity.Offline);
    }

    function test_WhenCallerListingOwner() external givenListingExists {
        _reserve(fixedListing, 2, 5);
        Listing.Record memory expected = registry.getListing(fixedListing);

        _setCapacity(Listing.Capacity.Offline);
        expected.capacity = Listing.Capacity.Offline;
        _assertEq(registry.getListing(fixedListing), expected);

        _setCapacity(Listing.Capacity.Reserved);
        expected.capacity = Listing.Capacity.Reserved;
        _assertEq(registry.getListing(fixedListing), expected);

        // Setting the current value again is allowed and still emits.
        _setCapacity(Listing.Capacity.Reserved);
        _setCapacity(Listing.Capacity.Available);
        expected.capacity = Listing.Capacity.Available;
        _assertEq(registry.getListing(fixedListing), expected);
        assertEq(expected.reservedGpus, 2, "reservedGpus");
    }

    function _setCapacity(Listing.Capacity capacity) internal {
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.CapacityChanged(fixedListing, capacity);
        vm.prank(provider);
        registry.setCapacity(fixedListing, capacity);
    }
}
