// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_RequestUnstake_Unit_Test is ProviderRegistry_Unit_Test {
    uint96 internal constant STAKED = 1000e6;

    function setUp() public override {
        super.setUp();
        _stake(provider, STAKED);
    }

    function test_RevertWhen_AmountZero() external {
        vm.expectRevert(Errors.ProviderRegistry_ZeroAmount.selector);
        vm.prank(provider);
        registry.requestUnstake(0);
    }

    modifier whenAmountNotZero() {
        _;
    }

    function test_RevertWhen_AmountAboveStaked() external whenAmountNotZero {
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ProviderRegistry_InsufficientStake.selector, STAKED, STAKED + 1)
        );
        vm.prank(provider);
        registry.requestUnstake(STAKED + 1);

        // Unbonding stake no longer counts as staked.
        _requestUnstake(provider, STAKED);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InsufficientStake.selector, 0, 1));
        vm.prank(provider);
        registry.requestUnstake(1);

        // An account that never staked has nothing to unstake.
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InsufficientStake.selector, 0, 1));
        vm.prank(stranger);
        registry.requestUnstake(1);
    }

    modifier whenAmountNotAboveStaked() {
        _;
    }

    function test_GivenNothingUnbonding() external whenAmountNotZero whenAmountNotAboveStaked {
        uint40 availableAt = uint40(block.timestamp) + registry.UNBONDING_DELAY();
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.StakeChanged(provider, STAKED - 400e6, 400e6, availableAt);
        vm.prank(provider);
        registry.requestUnstake(400e6);

        _assertEq(registry.stakeOf(provider), _stakeOf(STAKED - 400e6, 400e6, availableAt));
        assertEq(availableAt, block.timestamp + 7 days, "delay");
        assertEq(registry.totalStaked(), STAKED, "totalStaked");
        assertEq(usdc.balanceOf(address(registry)), STAKED, "registry balance");
        assertEq(usdc.balanceOf(provider), 0, "provider balance");
    }

    function test_GivenAmountUnbonding() external whenAmountNotZero whenAmountNotAboveStaked {
        _requestUnstake(provider, 400e6);
        vm.warp(block.timestamp + 6 days);

        // The whole remaining stake: the earlier request waits again, from now.
        uint40 availableAt = uint40(block.timestamp) + registry.UNBONDING_DELAY();
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.StakeChanged(provider, 0, STAKED, availableAt);
        vm.prank(provider);
        registry.requestUnstake(STAKED - 400e6);

        _assertEq(registry.stakeOf(provider), _stakeOf(0, STAKED, availableAt));
        assertEq(registry.totalStaked(), STAKED, "totalStaked");
    }
}
