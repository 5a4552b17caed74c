// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_Stake_Unit_Test is ProviderRegistry_Unit_Test {
    uint96 internal constant AMOUNT = 500e6;

    function test_RevertWhen_CallerNotProvider() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotProvider.selector, stranger));
        vm.prank(stranger);
        registry.stake(AMOUNT);
    }

    function test_RevertWhen_AmountZero() external whenCallerProvider {
        vm.expectRevert(Errors.ProviderRegistry_ZeroAmount.selector);
        vm.prank(provider);
        registry.stake(0);
    }

    modifier whenAmountNotZero() {
        _;
    }

    function test_RevertWhen_AllowanceInsufficient() external whenCallerProvider whenAmountNotZero {
        deal(address(usdc), provider, AMOUNT);
        vm.startPrank(provider);
        usdc.approve(address(registry), AMOUNT - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(registry), AMOUNT - 1, AMOUNT
            )
        );
        registry.stake(AMOUNT);
        vm.stopPrank();
    }

    modifier whenAllowanceSufficient() {
        _;
    }

    function test_GivenNoPriorStake() external whenCallerProvider whenAmountNotZero whenAllowanceSufficient {
        deal(address(usdc), provider, AMOUNT);
        vm.startPrank(provider);
        usdc.approve(address(registry), AMOUNT);
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.StakeChanged(provider, AMOUNT, 0, 0);
        vm.expectEmit({emitter: address(usdc)});
        emit IERC20.Transfer(provider, address(registry), AMOUNT);
        registry.stake(AMOUNT);
        vm.stopPrank();

        _assertEq(registry.stakeOf(provider), _stakeOf(AMOUNT, 0, 0));
        assertEq(registry.totalStaked(), AMOUNT, "totalStaked");
        assertEq(usdc.balanceOf(provider), 0, "provider balance");
        assertEq(usdc.balanceOf(address(registry)), AMOUNT, "registry balance");
    }

    function test_GivenPriorStake() external whenCallerProvider whenAmountNotZero whenAllowanceSufficient {
        _stake(provider, 3 * AMOUNT);
        _requestUnstake(provider, AMOUNT);
        uint40 availableAt = uint40(block.timestamp) + registry.UNBONDING_DELAY();

        deal(address(usdc), provider, AMOUNT);
        vm.startPrank(provider);
        usdc.approve(address(registry), AMOUNT);
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.StakeChanged(provider, 3 * AMOUNT, AMOUNT, availableAt);
        registry.stake(AMOUNT);
        vm.stopPrank();

        // Staking again does not touch the unbonding part or its delay.
        _assertEq(registry.stakeOf(provider), _stakeOf(3 * AMOUNT, AMOUNT, availableAt));
        assertEq(registry.totalStaked(), 4 * AMOUNT, "totalStaked");
        assertEq(usdc.balanceOf(provider), 0, "provider balance");
        assertEq(usdc.balanceOf(address(registry)), 4 * AMOUNT, "registry balance");
    }
}
