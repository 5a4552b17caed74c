// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../src/libraries/Errors.sol";
import {Listing} from "../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../unit/provider-registry/ProviderRegistry.t.sol";

contract ProviderRegistry_Fuzz_Test is ProviderRegistry_Unit_Test {
    /// @dev Large enough for any realistic stake, small enough that two of them fit a uint96.
    uint96 internal constant MAX_STAKE = type(uint96).max / 4;

    address internal receiver = makeAddr("receiver");

    // Quote

    function testFuzz_Quote_DynamicEqualsFormula(
        uint96 price,
        uint16 slopeBps,
        uint16 gpuCount,
        uint16 reserved,
        uint16 gpus,
        uint24 hoursBooked
    ) external {
        gpus = uint16(_bound(gpus, 1, type(uint16).max));
        hoursBooked = uint24(_bound(hoursBooked, 1, type(uint24).max));
        // Up to the largest floor whose 3× premium still fits the total.
        price = uint96(_bound(price, 1, type(uint96).max / (3 * uint256(gpus) * hoursBooked)));
        slopeBps = uint16(_bound(slopeBps, 0, registry.MAX_SLOPE_BPS()));
        gpuCount = uint16(_bound(gpuCount, 1, type(uint16).max));
        reserved = uint16(_bound(reserved, 0, gpuCount));
        uint32 id = _dynamicListing(price, slopeBps, gpuCount, reserved);

        uint256 unit = _formula(price, slopeBps, gpuCount, reserved);
        (address token, uint96 unitPrice, uint96 amount) = registry.quote(id, gpus, hoursBooked);
        assertEq(token, address(usdc), "token");
        assertEq(unitPrice, unit, "unitPrice");
        assertEq(amount, unit * gpus * hoursBooked, "amount");
        // The premium stays within the slope: at most 3× the floor.
        assertGe(unitPrice, price, "below floor");
        assertLe(unitPrice, uint256(price) * (10_000 + slopeBps) / 10_000, "above slope bound");
    }

    function testFuzz_Quote_DynamicRevertsOnlyAboveUint96Max(
        uint96 price,
        uint16 slopeBps,
        uint16 gpuCount,
        uint16 reserved,
        uint16 gpus,
        uint24 hoursBooked
    ) external {
        price = uint96(_bound(price, 1, type(uint96).max));
        slopeBps = uint16(_bound(slopeBps, 0, registry.MAX_SLOPE_BPS()));
        gpuCount = uint16(_bound(gpuCount, 1, type(uint16).max));
        reserved = uint16(_bound(reserved, 0, gpuCount));
        gpus = uint16(_bound(gpus, 1, type(uint16).max));
        hoursBooked = uint24(_bound(hoursBooked, 1, type(uint24).max));
        uint32 id = _dynamicListing(price, slopeBps, gpuCount, reserved);

        uint256 total = _formula(price, slopeBps, gpuCount, reserved) * gpus * hoursBooked;
        if (total > type(uint96).max) {
            vm.expectRevert(Errors.ProviderRegistry_AmountOverflow.selector);
            registry.quote(id, gpus, hoursBooked);
        } else {
            (,, uint96 amount) = registry.quote(id, gpus, hoursBooked);
            assertEq(amount, total, "amount");
        }
    }

    function testFuzz_Quote_DynamicNeverDecreasesAsUtilizationGrows(
        uint96 price,
        uint16 slopeBps,
        uint16 gpuCount,
        uint16 reservedLow,
        uint16 reservedHigh
    ) external {
        // 3× the floor must still fit a uint96.
        price = uint96(_bound(price, 1, type(uint96).max / 3));
        slopeBps = uint16(_bound(slopeBps, 0, registry.MAX_SLOPE_BPS()));
        gpuCount = uint16(_bound(gpuCount, 1, type(uint16).max));
        reservedHigh = uint16(_bound(reservedHigh, 0, gpuCount));
        reservedLow = uint16(_bound(reservedLow, 0, reservedHigh));

        (, uint96 low,) = registry.quote(_dynamicListing(price, slopeBps, gpuCount, reservedLow), 1, 1);
        (, uint96 high,) = registry.quote(_dynamicListing(price, slopeBps, gpuCount, reservedHigh), 1, 1);
        assertGe(high, low, "price fell as utilization grew");
    }

    function testFuzz_Quote_FixedIgnoresUtilization(
        uint96 price,
        uint16 gpuCount,
        uint16 reserved,
        bool token
    ) external {
        price = uint96(_bound(price, 1, type(uint96).max));
        gpuCount = uint16(_bound(gpuCount, 1, type(uint16).max));
        reserved = uint16(_bound(reserved, 0, gpuCount));
        Listing.PricingModel model = token ? Listing.PricingModel.Token : Listing.PricingModel.Fixed;
        uint32 id = _listingWithReserved(model, price, 0, gpuCount, reserved);

        (, uint96 unitPrice, uint96 amount) = registry.quote(id, 1, 1);
        assertEq(unitPrice, price, "unitPrice");
        assertEq(amount, price, "amount");
    }

    // Stake

    function testFuzz_Stake_RequestUnstakeWithdraw(uint96 first, uint96 second, uint96 unstake, uint256 wait)
        external
    {
        first = uint96(_bound(first, 1, MAX_STAKE));
        second = uint96(_bound(second, 1, MAX_STAKE));
        uint96 sum = first + second;
        unstake = uint96(_bound(unstake, 1, sum));
        wait = _bound(wait, 0, 30 days);

        _stake(provider, first);
        _stake(provider, second);
        _assertEq(registry.stakeOf(provider), _stakeOf(sum, 0, 0));
        assertEq(registry.totalStaked(), sum, "totalStaked after stake");

        _requestUnstake(provider, unstake);
        uint40 availableAt = uint40(block.timestamp) + registry.UNBONDING_DELAY();
        _assertEq(registry.stakeOf(provider), _stakeOf(sum - unstake, unstake, availableAt));
        assertEq(registry.totalStaked(), sum, "totalStaked after request");

        vm.warp(block.timestamp + wait);
        bytes memory locked =
            abi.encodeWithSelector(Errors.ProviderRegistry_StakeLocked.selector, availableAt);
        if (wait < registry.UNBONDING_DELAY()) {
            vm.expectRevert(locked);
            vm.prank(provider);
            registry.withdrawStake();
            return;
        }
        vm.prank(provider);
        registry.withdrawStake();
        _assertEq(registry.stakeOf(provider), _stakeOf(sum - unstake, 0, 0));
        assertEq(usdc.balanceOf(provider), unstake, "withdrawn");
        assertEq(registry.totalStaked(), sum - unstake, "totalStaked after withdraw");
        assertEq(usdc.balanceOf(address(registry)), registry.totalStaked(), "registry balance");
    }

    function testFuzz_Stake_SecondRequestRestartsDelay(
        uint96 staked,
        uint96 first,
        uint96 second,
        uint256 gap
    ) external {
        staked = uint96(_bound(staked, 2, MAX_STAKE));
        first = uint96(_bound(first, 1, staked - 1));
        second = uint96(_bound(second, 1, staked - first));
        gap = _bound(gap, 0, registry.UNBONDING_DELAY() * 2);
        _stake(provider, staked);

        _requestUnstake(provider, first);
        vm.warp(block.timestamp + gap);
        _requestUnstake(provider, second);
        uint40 availableAt = uint40(block.timestamp) + registry.UNBONDING_DELAY();
        _assertEq(registry.stakeOf(provider), _stakeOf(staked - first - second, first + second, availableAt));

        // Even a first request whose own delay has passed waits for the new one.
        vm.warp(availableAt - 1);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_StakeLocked.selector, availableAt));
        vm.prank(provider);
        registry.withdrawStake();

        vm.warp(availableAt);
        vm.prank(provider);
        registry.withdrawStake();
        assertEq(usdc.balanceOf(provider), first + second, "withdrawn");
        assertEq(usdc.balanceOf(address(registry)), registry.totalStaked(), "registry balance");
    }

    // Slash

    function testFuzz_Slash_ActiveFirstThenUnbonding(uint96 total, uint96 unbonding, uint96 amount) external {
        total = uint96(_bound(total, 0, MAX_STAKE));
        unbonding = uint96(_bound(unbonding, 0, total));
        _stakeAndUnbond(provider, total, unbonding);
        // A bystander's stake must come through untouched.
        address other = _otherStakedProvider(123e6);
        uint96 active = total - unbonding;
        uint40 availableAt = registry.stakeOf(provider).unbondingAvailableAt;

        vm.prank(address(router));
        uint96 slashed = registry.slash(provider, amount, receiver);

        uint96 fromActive = amount < active ? amount : active;
        uint96 fromUnbonding = amount - fromActive < unbonding ? amount - fromActive : unbonding;
        assertEq(slashed, fromActive + fromUnbonding, "slashed");
        assertLe(slashed, amount, "more than asked");
        assertLe(slashed, total, "more than the stake");

        IProviderRegistry.Stake memory left = registry.stakeOf(provider);
        assertEq(left.staked, active - fromActive, "staked left");
        assertEq(left.unbonding, unbonding - fromUnbonding, "unbonding left");
        if (fromUnbonding != 0) assertEq(left.staked, 0, "unbonding slashed before active");
        assertEq(left.unbondingAvailableAt, left.unbonding == 0 ? 0 : availableAt, "unbondingAvailableAt");

        assertEq(usdc.balanceOf(receiver), slashed, "receiver balance");
        assertEq(registry.stakeOf(other).staked, 123e6, "bystander stake");
        assertEq(registry.totalStaked(), uint256(total) + 123e6 - slashed, "totalStaked");
        assertEq(usdc.balanceOf(address(registry)), registry.totalStaked(), "registry balance");
    }

    function testFuzz_Slash_RepeatedNeverExceedsStake(
        uint96 total,
        uint96 unbonding,
        uint96 firstAmount,
        uint96 secondAmount
    ) external {
        total = uint96(_bound(total, 0, MAX_STAKE));
        unbonding = uint96(_bound(unbonding, 0, total));
        _stakeAndUnbond(provider, total, unbonding);

        vm.startPrank(address(router));
        uint256 slashed = registry.slash(provider, firstAmount, receiver);
        slashed += registry.slash(provider, secondAmount, receiver);
        vm.stopPrank();

        assertLe(slashed, total, "more than the stake");
        assertLe(slashed, uint256(firstAmount) + secondAmount, "more than asked");
        IProviderRegistry.Stake memory left = registry.stakeOf(provider);
        assertEq(uint256(left.staked) + left.unbonding, total - slashed, "stake left");
        assertEq(usdc.balanceOf(receiver), slashed, "receiver balance");
        assertEq(usdc.balanceOf(address(registry)), registry.totalStaked(), "registry balance");
    }

    // Helpers

    /// @dev The documented pricing rule, written out independently of the contract.
    function _formula(uint96 price, uint16 slopeBps, uint16 gpuCount, uint16 reserved)
        internal
        pure
        returns (uint256 unit)
    {
        uint256 utilizationBps = uint256(reserved) * 10_000 / gpuCount;
        unit = price + uint256(price) * slopeBps * utilizationBps / 1e8;
    }

    function _dynamicListing(uint96 price, uint16 slopeBps, uint16 gpuCount, uint16 reserved)
        internal
        returns (uint32)
    {
        return _listingWithReserved(Listing.PricingModel.Dynamic, price, slopeBps, gpuCount, reserved);
    }

    /// @dev Reserves at a price of 1 (no quote can overflow), then sets the real terms.
    function _listingWithReserved(
        Listing.PricingModel model,
        uint96 price,
        uint16 slopeBps,
        uint16 gpuCount,
        uint16 reserved
    ) internal returns (uint32 id) {
        id = _addListing(provider, Listing.PricingModel.Fixed, address(usdc), 1, 0, gpuCount);
        if (reserved != 0) _reserve(id, reserved, 1);
        vm.prank(provider);
        registry.updateListing(id, _params(model, address(usdc), price, slopeBps, gpuCount));
        assertEq(registry.getListing(id).reservedGpus, reserved, "reservedGpus");
    }

    function _stakeAndUnbond(address who, uint96 total, uint96 unbonding) internal {
        if (total != 0) _stake(who, total);
        if (unbonding != 0) _requestUnstake(who, unbonding);
    }

    function _otherStakedProvider(uint96 amount) internal returns (address other) {
        other = makeAddr("otherProvider");
        _registerProvider(other, makeAddr("otherPayout"));
        _stake(other, amount);
    }
}
