// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_AddListing_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertWhen_CallerNotProvider() external {
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 4);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotProvider.selector, stranger));
        vm.prank(stranger);
        registry.addListing(p);
    }

    function test_RevertWhen_GpuCountZero() external whenCallerProvider {
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 0);
        vm.expectRevert(Errors.ProviderRegistry_ZeroGpus.selector);
        vm.prank(provider);
        registry.addListing(p);
    }

    modifier whenGpuCountNotZero() {
        _;
    }

    function test_RevertWhen_PriceZero() external whenCallerProvider whenGpuCountNotZero {
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), 0, 0, 4);
        vm.expectRevert(Errors.ProviderRegistry_ZeroPrice.selector);
        vm.prank(provider);
        registry.addListing(p);
    }

    modifier whenPriceNotZero() {
        _;
    }

    function test_RevertWhen_TokenNotAllowed()
        external
        whenCallerProvider
        whenGpuCountNotZero
        whenPriceNotZero
    {
        address token = makeAddr("unlistedToken");
        Listing.Params memory p = _params(Listing.PricingModel.Token, token, PRICE, 0, 4);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_TokenNotAllowed.selector, token));
        vm.prank(provider);
        registry.addListing(p);
    }

    modifier whenTokenAllowed() {
        _;
    }

    function test_RevertWhen_AvailabilityEmpty()
        external
        whenCallerProvider
        whenGpuCountNotZero
        whenPriceNotZero
        whenTokenAllowed
    {
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 4);
        p.availabilityMask = 0;
        vm.expectRevert(Errors.ProviderRegistry_EmptyAvailability.selector);
        vm.prank(provider);
        registry.addListing(p);
    }

    modifier whenAvailabilityNotEmpty() {
        _;
    }

    modifier whenPricingModelNotDynamic() {
        _;
    }

    function test_RevertWhen_SlopeNotZero()
        external
        whenCallerProvider
        whenGpuCountNotZero
        whenPriceNotZero
        whenTokenAllowed
        whenAvailabilityNotEmpty
        whenPricingModelNotDynamic
    {
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 1, 4);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidSlope.selector, 1, 0));
        vm.prank(provider);
        registry.addListing(p);

        p = _params(Listing.PricingModel.Token, address(akt), 1e18, 500, 4);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidSlope.selector, 500, 0));
        vm.prank(provider);
        registry.addListing(p);
    }

    function test_WhenSlopeZero()
        external
        whenCallerProvider
        whenGpuCountNotZero
        whenPriceNotZero
        whenTokenAllowed
        whenAvailabilityNotEmpty
        whenPricingModelNotDynamic
    {
        // A sparse mask (one hour a week) is enough.
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 4);
        p.availabilityMask = 1;
        _expectListingAdded(2, p);
        vm.prank(provider);
        assertEq(registry.addListing(p), 2, "listingId");
        _assertEq(registry.getListing(2), _record(p, provider, 0));

        p = _params(Listing.PricingModel.Token, address(akt), 3e18, 0, 16);
        _expectListingAdded(3, p);
        vm.prank(provider);
        assertEq(registry.addListing(p), 3, "listingId");
        _assertEq(registry.getListing(3), _record(p, provider, 0));
        assertEq(registry.listingCount(), 3, "listingCount");
    }

    modifier whenPricingModelDynamic() {
        _;
    }

    function test_RevertWhen_SlopeAboveMax()
        external
        whenCallerProvider
        whenGpuCountNotZero
        whenPriceNotZero
        whenTokenAllowed
        whenAvailabilityNotEmpty
        whenPricingModelDynamic
    {
        uint16 slope = registry.MAX_SLOPE_BPS() + 1;
        Listing.Params memory p = _params(Listing.PricingModel.Dynamic, address(usdc), PRICE, slope, 4);
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.ProviderRegistry_InvalidSlope.selector, slope, registry.MAX_SLOPE_BPS()
            )
        );
        vm.prank(provider);
        registry.addListing(p);
    }

    function test_WhenSlopeNotAboveMax()
        external
        whenCallerProvider
        whenGpuCountNotZero
        whenPriceNotZero
        whenTokenAllowed
        whenAvailabilityNotEmpty
        whenPricingModelDynamic
    {
        Listing.Params memory p = _params(
            Listing.PricingModel.Dynamic, address(usdc), PRICE, registry.MAX_SLOPE_BPS(), 4
        );
        _expectListingAdded(2, p);
        vm.prank(provider);
        assertEq(registry.addListing(p), 2, "listingId");
        _assertEq(registry.getListing(2), _record(p, provider, 0));

        // A dynamic listing may also have no premium at all.
        p.slopeBps = 0;
        _expectListingAdded(3, p);
        vm.prank(provider);
        assertEq(registry.addListing(p), 3, "listingId");
        _assertEq(registry.getListing(3), _record(p, provider, 0));
    }

    function _expectListingAdded(uint32 listingId, Listing.Params memory p) internal {
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ListingAdded(
            listingId,
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
    }
}
