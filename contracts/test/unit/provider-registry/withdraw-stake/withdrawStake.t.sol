// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_WithdrawStake_Unit_Test is ProviderRegistry_Unit_Test {
    uint96 internal constant STAKED = 1000e6;
    uint96 internal constant UNBONDING = 300e6;

    function setUp() public override {
        super.setUp();
        _stake(provider, STAKED);
    }

    function test_RevertGiven_NothingUnbonding() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_StakeLocked.selector, 0));
        vm.prank(provider);
        registry.withdrawStake();

        // Nor for an account that never staked.
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_StakeLocked.selector, 0));
        vm.prank(stranger);
        registry.withdrawStake();
    }

    modifier givenAmountUnbonding() {
        _requestUnstake(provider, UNBONDING);
        _;
    }

    function test_RevertGiven_DelayNotPassed() external givenAmountUnbonding {
        uint40 availableAt = uint40(block.timestamp) + registry.UNBONDING_DELAY();
        vm.warp(availableAt - 1);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_StakeLocked.selector, availableAt));
        vm.prank(provider);
        registry.withdrawStake();
    }

    function test_GivenDelayPassed() external givenAmountUnbonding {
        // Exactly at the end of the delay.
        vm.warp(block.timestamp + registry.UNBONDING_DELAY());
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.StakeChanged(provider, STAKED - UNBONDING, 0, 0);
        vm.expectEmit({emitter: address(usdc)});
        emit IERC20.Transfer(address(registry), provider, UNBONDING);
        vm.prank(provider);
        registry.withdrawStake();

        _assertEq(registry.stakeOf(provider), _stakeOf(STAKED - UNBONDING, 0, 0));
        assertEq(registry.totalStaked(), STAKED - UNBONDING, "totalStaked");
        assertEq(usdc.balanceOf(provider), UNBONDING, "provider balance");
        assertEq(usdc.balanceOf(address(registry)), STAKED - UNBONDING, "registry balance");

        // A second withdrawal finds nothing.
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_StakeLocked.selector, 0));
        vm.prank(provider);
        registry.withdrawStake();
    }
}
