// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../../src/libraries/Errors.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_Quote_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertGiven_ListingNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_ListingNotFound.selector, 0));
        registry.quote(0, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_ListingNotFound.selector, 2));
        registry.quote(2, 1, 1);
    }

    function test_RevertWhen_QuantityZero() external givenListingExists {
        vm.expectRevert(Errors.ProviderRegistry_ZeroQuantity.selector);
        registry.quote(fixedListing, 0, 1);
        vm.expectRevert(Errors.ProviderRegistry_ZeroQuantity.selector);
        registry.quote(fixedListing, 1, 0);
    }

    modifier whenQuantityNotZero() {
        _;
    }

    function test_RevertWhen_AmountAboveUint96Max() external givenListingExists whenQuantityNotZero {
        // Fixed: the unit price fits, the total does not.
        uint32 maxFixed =
            _addListing(provider, Listing.PricingModel.Fixed, address(usdc), type(uint96).max, 0, 2);
        vm.expectRevert(Errors.ProviderRegistry_AmountOverflow.selector);
        registry.quote(maxFixed, 2, 1);
        vm.expectRevert(Errors.ProviderRegistry_AmountOverflow.selector);
        registry.quote(maxFixed, 1, 2);
        vm.expectRevert(Errors.ProviderRegistry_AmountOverflow.selector);
        registry.quote(maxFixed, type(uint16).max, type(uint24).max);

        // Dynamic: the floor fits at 0% utilization, but at 50% the premium doubles it past uint96.
        uint96 floor = type(uint96).max / 2 + 1;
        uint32 dynamic = _addListing(provider, Listing.PricingModel.Dynamic, address(usdc), floor, 20_000, 2);
        (, uint96 unitPrice,) = registry.quote(dynamic, 1, 1);
        assertEq(unitPrice, floor, "floor");
        _reserve(dynamic, 1, 1);
        vm.expectRevert(Errors.ProviderRegistry_AmountOverflow.selector);
        registry.quote(dynamic, 1, 1);
    }

    modifier whenAmountNotAboveUint96Max() {
        _;
    }

    function test_WhenAmountNotAboveUint96Max()
        external
        givenListingExists
        whenQuantityNotZero
        whenAmountNotAboveUint96Max
    {
        _reserve(fixedListing, 6, 1);
        vm.prank(provider);
        registry.setCapacity(fixedListing, Listing.Capacity.Offline);
        // Offline and only 2 GPUs free, yet the quote is for 8: availability is reserve's job.
        _assertQuote(fixedListing, FIXED_GPUS, 3, address(usdc), PRICE, FIXED_GPUS * 3 * PRICE);

        // The largest quote that fits.
        uint32 maxFixed =
            _addListing(provider, Listing.PricingModel.Fixed, address(usdc), type(uint96).max, 0, 1);
        _assertQuote(maxFixed, 1, 1, address(usdc), type(uint96).max, type(uint96).max);
    }

    function test_GivenPricingFixed()
        external
        givenListingExists
        whenQuantityNotZero
        whenAmountNotAboveUint96Max
    {
        _assertQuote(fixedListing, 1, 1, address(usdc), PRICE, PRICE);
        _reserve(fixedListing, 4, 1);
        _assertQuote(fixedListing, 2, 5, address(usdc), PRICE, 2 * 5 * PRICE);
        _reserve(fixedListing, 4, 1);
        _assertQuote(fixedListing, 8, 24, address(usdc), PRICE, 8 * 24 * PRICE);
    }

    function test_GivenPricingToken()
        external
        givenListingExists
        whenQuantityNotZero
        whenAmountNotAboveUint96Max
    {
        uint32 id = _addListing(provider, Listing.PricingModel.Token, address(akt), 0.75e18, 0, 4);
        _assertQuote(id, 3, 7, address(akt), 0.75e18, 3 * 7 * 0.75e18);
        _reserve(id, 3, 1);
        _assertQuote(id, 1, 1, address(akt), 0.75e18, 0.75e18);
    }

    modifier givenPricingDynamic() {
        _;
    }

    function test_GivenNothingReserved()
        external
        givenListingExists
        whenQuantityNotZero
        whenAmountNotAboveUint96Max
        givenPricingDynamic
    {
        uint32 id = _addListing(provider, Listing.PricingModel.Dynamic, address(usdc), PRICE, 20_000, 4);
        _assertQuote(id, 4, 10, address(usdc), PRICE, 4 * 10 * PRICE);
    }

    function test_GivenGpusReserved()
        external
        givenListingExists
        whenQuantityNotZero
        whenAmountNotAboveUint96Max
        givenPricingDynamic
    {
        // Maximum slope on 4 GPUs: 25% steps of utilization add half the floor each, up to 3× at 100%.
        uint32 id = _addListing(provider, Listing.PricingModel.Dynamic, address(usdc), PRICE, 20_000, 4);
        uint96[5] memory maxSlope = [uint96(2e6), 3e6, 4e6, 5e6, 6e6];
        _assertQuote(id, 2, 10, address(usdc), maxSlope[0], 2 * 10 * maxSlope[0]);
        for (uint16 reserved = 1; reserved <= 4; ++reserved) {
            _reserve(id, 1, 1);
            _assertQuote(id, 2, 10, address(usdc), maxSlope[reserved], 2 * 10 * maxSlope[reserved]);
        }

        // A quarter of the maximum slope on 8 GPUs: 12.5%, 37.5% and 87.5% utilization.
        id = _addListing(provider, Listing.PricingModel.Dynamic, address(usdc), PRICE, 5000, 8);
        _reserve(id, 1, 1);
        _assertQuote(id, 1, 1, address(usdc), 2_125_000, 2_125_000);
        _reserve(id, 2, 1);
        _assertQuote(id, 1, 1, address(usdc), 2_375_000, 2_375_000);
        _reserve(id, 4, 1);
        _assertQuote(id, 1, 1, address(usdc), 2_875_000, 2_875_000);

        // Rounding: utilization 1/3 is 3333 bps; 1_000_001 × 15_000 × 3333 / 1e8 = 499_950.49… → 499_950.
        id = _addListing(provider, Listing.PricingModel.Dynamic, address(usdc), 1_000_001, 15_000, 3);
        _reserve(id, 1, 1);
        _assertQuote(id, 2, 3, address(usdc), 1_499_951, 6 * 1_499_951);
        // 2/3 is 6666 bps: 999_900.99… → 999_900.
        _reserve(id, 1, 1);
        _assertQuote(id, 1, 1, address(usdc), 1_999_901, 1_999_901);
    }

    function _assertQuote(
        uint32 listingId,
        uint16 gpus,
        uint24 hoursBooked,
        address expectedToken,
        uint96 expectedUnitPrice,
        uint96 expectedAmount
    ) internal view {
        (address token, uint96 unitPrice, uint96 amount) = registry.quote(listingId, gpus, hoursBooked);
        assertEq(token, expectedToken, "token");
        assertEq(unitPrice, expectedUnitPrice, "unitPrice");
        assertEq(amount, expectedAmount, "amount");
    }
}
