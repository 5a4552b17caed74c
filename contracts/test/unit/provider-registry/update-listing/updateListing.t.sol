// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_UpdateListing_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertGiven_ListingNotFound() external {
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 4);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_ListingNotFound.selector, 2));
        vm.prank(provider);
        registry.updateListing(2, p);
    }

    function test_RevertWhen_CallerNotListingOwner() external givenListingExists {
        // Another registered provider may not touch it either.
        _registerProvider(stranger, makeAddr("strangerPayout"));
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 4);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ProviderRegistry_NotListingOwner.selector, fixedListing, stranger)
        );
        vm.prank(stranger);
        registry.updateListing(fixedListing, p);
    }

    function test_RevertWhen_ParamsInvalid() external givenListingExists whenCallerListingOwner {
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 0);
        _expectUpdateRevert(p, abi.encodeWithSelector(Errors.ProviderRegistry_ZeroGpus.selector));

        p = _params(Listing.PricingModel.Fixed, address(usdc), 0, 0, 4);
        _expectUpdateRevert(p, abi.encodeWithSelector(Errors.ProviderRegistry_ZeroPrice.selector));

        p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 4);
        p.availabilityMask = 0;
        _expectUpdateRevert(p, abi.encodeWithSelector(Errors.ProviderRegistry_EmptyAvailability.selector));

        p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 100, 4);
        _expectUpdateRevert(p, abi.encodeWithSelector(Errors.ProviderRegistry_InvalidSlope.selector, 100, 0));

        p = _params(Listing.PricingModel.Dynamic, address(usdc), PRICE, 20_001, 4);
        _expectUpdateRevert(
            p, abi.encodeWithSelector(Errors.ProviderRegistry_InvalidSlope.selector, 20_001, 20_000)
        );

        // Once governance disallows its token, a listing's terms are frozen (capacity can still change).
        vm.prank(admin);
        registry.setTokenAllowed(address(usdc), false);
        p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 4);
        _expectUpdateRevert(
            p, abi.encodeWithSelector(Errors.ProviderRegistry_TokenNotAllowed.selector, address(usdc))
        );
    }

    modifier whenParamsValid() {
        _;
    }

    function test_RevertWhen_TokenChanged()
        external
        givenListingExists
        whenCallerListingOwner
        whenParamsValid
    {
        Listing.Params memory p = _params(Listing.PricingModel.Token, address(akt), 1e18, 0, 8);
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.ProviderRegistry_TokenImmutable.selector, address(usdc), address(akt)
            )
        );
        vm.prank(provider);
        registry.updateListing(fixedListing, p);
    }

    modifier whenTokenUnchanged() {
        _;
    }

    function test_RevertWhen_GpuCountBelowReserved()
        external
        givenListingExists
        whenCallerListingOwner
        whenParamsValid
        whenTokenUnchanged
    {
        _reserve(fixedListing, 3, 1);
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 2);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_GpuCountBelowReserved.selector, 2, 3));
        vm.prank(provider);
        registry.updateListing(fixedListing, p);
    }

    function test_WhenGpuCountNotBelowReserved()
        external
        givenListingExists
        whenCallerListingOwner
        whenParamsValid
        whenTokenUnchanged
    {
        _reserve(fixedListing, 3, 1);
        vm.prank(provider);
        registry.setCapacity(fixedListing, Listing.Capacity.Offline);

        // Exactly the reserved GPUs, and a switch from Fixed to Dynamic with new descriptive fields.
        Listing.Params memory p = _params(Listing.PricingModel.Dynamic, address(usdc), 3e6, 12_500, 3);
        p.gpuModel = "a100-80gb";
        p.vramGb = 80;
        p.region = "US";
        p.availabilityMask = 0xFFFF;
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ListingUpdated(
            fixedListing,
            provider,
            p.gpuModel,
            p.gpuCount,
            p.vramGb,
            p.region,
            p.availabilityMask,
            p.pricingModel,
            p.token,
            p.price,
            p.slopeBps
        );
        vm.prank(provider);
        registry.updateListing(fixedListing, p);

        Listing.Record memory expected = _record(p, provider, 3);
        expected.capacity = Listing.Capacity.Offline;
        _assertEq(registry.getListing(fixedListing), expected);
        assertEq(registry.listingCount(), 1, "listingCount");
    }

    function _expectUpdateRevert(Listing.Params memory p, bytes memory revertData) internal {
        vm.expectRevert(revertData);
        vm.prank(provider);
        registry.updateListing(fixedListing, p);
    }
}
