// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_Reserve_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertWhen_CallerNotRouter() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotRouter.selector, provider));
        vm.prank(provider);
        registry.reserve(fixedListing, 1, 1);
    }

    function test_RevertGiven_ListingNotFound() external whenCallerRouter {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_ListingNotFound.selector, 7));
        _reserve(7, 1, 1);
    }

    function test_RevertGiven_ListingNotAvailable() external whenCallerRouter givenListingExists {
        vm.prank(provider);
        registry.setCapacity(fixedListing, Listing.Capacity.Reserved);
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.ProviderRegistry_ListingNotAvailable.selector, fixedListing, Listing.Capacity.Reserved
            )
        );
        _reserve(fixedListing, 1, 1);

        vm.prank(provider);
        registry.setCapacity(fixedListing, Listing.Capacity.Offline);
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.ProviderRegistry_ListingNotAvailable.selector, fixedListing, Listing.Capacity.Offline
            )
        );
        _reserve(fixedListing, 1, 1);
    }

    function test_RevertGiven_TokenDisallowed() external whenCallerRouter givenListingExists {
        vm.prank(admin);
        registry.setTokenAllowed(address(usdc), false);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ProviderRegistry_TokenNotAllowed.selector, address(usdc))
        );
        _reserve(fixedListing, 1, 1);
        // Allowed again, the same listing takes jobs again.
        vm.prank(admin);
        registry.setTokenAllowed(address(usdc), true);
        _reserve(fixedListing, 1, 1);
        assertEq(registry.getListing(fixedListing).reservedGpus, 1, "reservedGpus");
    }

    modifier givenListingAvailable() {
        _;
    }

    function test_RevertWhen_GpusAboveFree()
        external
        whenCallerRouter
        givenListingExists
        givenListingAvailable
    {
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.ProviderRegistry_InsufficientCapacity.selector,
                fixedListing,
                FIXED_GPUS + 1,
                FIXED_GPUS
            )
        );
        _reserve(fixedListing, FIXED_GPUS + 1, 1);

        _reserve(fixedListing, 5, 1);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ProviderRegistry_InsufficientCapacity.selector, fixedListing, 4, 3)
        );
        _reserve(fixedListing, 4, 1);
    }

    modifier whenGpusNotAboveFree() {
        _;
    }

    function test_RevertWhen_QuantityZero()
        external
        whenCallerRouter
        givenListingExists
        givenListingAvailable
        whenGpusNotAboveFree
    {
        vm.expectRevert(Errors.ProviderRegistry_ZeroQuantity.selector);
        _reserve(fixedListing, 0, 1);

        vm.expectRevert(Errors.ProviderRegistry_ZeroQuantity.selector);
        _reserve(fixedListing, 1, 0);
    }

    modifier whenQuantityNotZero() {
        _;
    }

    function test_RevertWhen_AmountAboveUint96Max()
        external
        whenCallerRouter
        givenListingExists
        givenListingAvailable
        whenGpusNotAboveFree
        whenQuantityNotZero
    {
        uint96 price = type(uint96).max / 2 + 1;
        uint32 listingId = _addListing(provider, Listing.PricingModel.Fixed, address(usdc), price, 0, 2);
        vm.expectRevert(Errors.ProviderRegistry_AmountOverflow.selector);
        _reserve(listingId, 2, 1);
        vm.expectRevert(Errors.ProviderRegistry_AmountOverflow.selector);
        _reserve(listingId, 1, 2);
        // Nothing was reserved.
        assertEq(registry.getListing(listingId).reservedGpus, 0, "reservedGpus");
    }

    modifier whenAmountNotAboveUint96Max() {
        _;
    }

    function test_GivenPricingNotDynamic()
        external
        whenCallerRouter
        givenListingExists
        givenListingAvailable
        whenGpusNotAboveFree
        whenQuantityNotZero
        whenAmountNotAboveUint96Max
    {
        _expectReserve(fixedListing, 3, 24, provider, address(usdc), PRICE, 3 * 24 * PRICE);
        // Fixed pricing ignores utilization, up to the last free GPU.
        _expectReserve(fixedListing, 5, 1, provider, address(usdc), PRICE, 5 * PRICE);

        uint32 aktListing = _addListing(provider, Listing.PricingModel.Token, address(akt), 1.5e18, 0, 2);
        _expectReserve(aktListing, 2, 10, provider, address(akt), 1.5e18, 2 * 10 * 1.5e18);

        // The exact uint96 maximum still fits.
        uint32 maxListing =
            _addListing(provider, Listing.PricingModel.Fixed, address(usdc), type(uint96).max, 0, 1);
        _expectReserve(maxListing, 1, 1, provider, address(usdc), type(uint96).max, type(uint96).max);
    }

    function test_GivenPricingDynamic()
        external
        whenCallerRouter
        givenListingExists
        givenListingAvailable
        whenGpusNotAboveFree
        whenQuantityNotZero
        whenAmountNotAboveUint96Max
    {
        address other = makeAddr("other");
        _registerProvider(other, makeAddr("otherPayout"));
        uint32 id = _addListing(other, Listing.PricingModel.Dynamic, address(usdc), PRICE, 20_000, 4);

        // 0% utilization: the floor.
        _expectReserve(id, 1, 10, other, address(usdc), 2e6, 10 * 2e6);
        // 25%: floor + floor × 2 × 0.25.
        _expectReserve(id, 2, 3, other, address(usdc), 3e6, 2 * 3 * 3e6);
        // 75%: floor + floor × 2 × 0.75.
        _expectReserve(id, 1, 1, other, address(usdc), 5e6, 5e6);
    }

    /// @dev Checks the quote beforehand, the return values, the event and the resulting reservation.
    function _expectReserve(
        uint32 listingId,
        uint16 gpus,
        uint24 hoursBooked,
        address expectedProvider,
        address expectedToken,
        uint96 expectedUnitPrice,
        uint96 expectedAmount
    ) internal {
        _assertQuote(listingId, gpus, hoursBooked, expectedToken, expectedUnitPrice, expectedAmount);
        Listing.Record memory before = registry.getListing(listingId);

        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ReservationChanged(listingId, before.reservedGpus + gpus);
        (address p, address token, uint96 unitPrice, uint96 amount) = _reserve(listingId, gpus, hoursBooked);
        assertEq(p, expectedProvider, "provider");
        assertEq(token, expectedToken, "token");
        assertEq(unitPrice, expectedUnitPrice, "unitPrice");
        assertEq(amount, expectedAmount, "amount");

        before.reservedGpus += gpus;
        _assertEq(registry.getListing(listingId), before);
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
        assertEq(token, expectedToken, "quote token");
        assertEq(unitPrice, expectedUnitPrice, "quote unitPrice");
        assertEq(amount, expectedAmount, "quote amount");
    }
}
