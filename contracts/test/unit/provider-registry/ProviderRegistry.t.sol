// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../src/interfaces/IProviderRegistry.sol";
import {Listing} from "../../../src/types/Listing.sol";
import {Base} from "../../utils/Base.t.sol";

/// @notice Helpers and branch modifiers shared by the ProviderRegistry unit and fuzz tests.
abstract contract ProviderRegistry_Unit_Test is Base {
    /// @dev The GPUs of `fixedListing`, as Base creates it.
    uint16 internal constant FIXED_GPUS = 8;

    // Branch modifiers

    modifier whenCallerProvider() {
        _;
    }

    modifier whenCallerRouter() {
        _;
    }

    modifier whenCallerAdmin() {
        _;
    }

    modifier givenListingExists() {
        _;
    }

    modifier whenCallerListingOwner() {
        _;
    }

    // Helpers

    /// @dev Funds `who` with exactly `amount` more USDC and stakes it.
    function _stake(address who, uint96 amount) internal {
        deal(address(usdc), who, usdc.balanceOf(who) + amount);
        vm.startPrank(who);
        usdc.approve(address(registry), amount);
        registry.stake(amount);
        vm.stopPrank();
    }

    function _requestUnstake(address who, uint96 amount) internal {
        vm.prank(who);
        registry.requestUnstake(amount);
    }

    /// @dev Reserves GPUs the way the router does.
    function _reserve(uint32 listingId, uint16 gpus, uint24 hoursBooked)
        internal
        returns (address provider_, address token, uint96 unitPrice, uint96 amount)
    {
        vm.prank(address(router));
        return registry.reserve(listingId, gpus, hoursBooked);
    }

    function _registerProvider(address who, address payout_) internal {
        vm.prank(who);
        registry.registerProvider(payout_, "ipfs://other");
    }

    function _assertEq(Listing.Record memory a, Listing.Record memory b) internal pure {
        assertEq(a.provider, b.provider, "provider");
        assertEq(a.gpuCount, b.gpuCount, "gpuCount");
        assertEq(a.reservedGpus, b.reservedGpus, "reservedGpus");
        assertEq(a.slopeBps, b.slopeBps, "slopeBps");
        assertEq(uint8(a.pricingModel), uint8(b.pricingModel), "pricingModel");
        assertEq(uint8(a.capacity), uint8(b.capacity), "capacity");
        assertEq(a.token, b.token, "token");
        assertEq(a.price, b.price, "price");
    }

    function _assertEq(IProviderRegistry.Stake memory a, IProviderRegistry.Stake memory b) internal pure {
        assertEq(a.staked, b.staked, "staked");
        assertEq(a.unbonding, b.unbonding, "unbonding");
        assertEq(a.unbondingAvailableAt, b.unbondingAvailableAt, "unbondingAvailableAt");
    }

    function _assertEq(IProviderRegistry.Reputation memory a, IProviderRegistry.Reputation memory b)
        internal
        pure
    {
        assertEq(a.completed, b.completed, "completed");
        assertEq(a.noShows, b.noShows, "noShows");
        assertEq(a.disputesLost, b.disputesLost, "disputesLost");
        assertEq(a.ratingCount, b.ratingCount, "ratingCount");
        assertEq(a.ratingSum, b.ratingSum, "ratingSum");
        assertEq(a.gpuHoursServed, b.gpuHoursServed, "gpuHoursServed");
    }

    function _record(Listing.Params memory p, address owner, uint16 reservedGpus)
        internal
        pure
        returns (Listing.Record memory)
    {
        return Listing.Record({
            provider: owner,
            gpuCount: p.gpuCount,
            reservedGpus: reservedGpus,
            slopeBps: p.slopeBps,
            pricingModel: p.pricingModel,
            capacity: Listing.Capacity.Available,
            token: p.token,
            price: p.price
        });
    }

    function _stakeOf(uint96 staked, uint96 unbonding, uint40 availableAt)
        internal
        pure
        returns (IProviderRegistry.Stake memory)
    {
        return IProviderRegistry.Stake({
            staked: staked, unbonding: unbonding, unbondingAvailableAt: availableAt
        });
    }
}
