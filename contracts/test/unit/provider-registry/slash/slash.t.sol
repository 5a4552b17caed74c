// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Vm} from "forge-std/Vm.sol";

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_Slash_Unit_Test is ProviderRegistry_Unit_Test {
    uint96 internal constant ACTIVE = 600e6;
    uint96 internal constant UNBONDING = 400e6;

    address internal receiver = makeAddr("receiver");

    function test_RevertWhen_CallerNotRouter() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotRouter.selector, arbiter));
        vm.prank(arbiter);
        registry.slash(provider, 1, receiver);
    }

    function test_GivenNoStake() external whenCallerRouter {
        _expectNothingSlashed(100e6);
    }

    modifier givenStake() {
        _stake(provider, ACTIVE + UNBONDING);
        _requestUnstake(provider, UNBONDING);
        _;
    }

    function test_WhenAmountZero() external whenCallerRouter givenStake {
        _expectNothingSlashed(0);
    }

    modifier whenAmountNotZero() {
        _;
    }

    function test_RevertWhen_ReceiverZeroAddress() external whenCallerRouter givenStake whenAmountNotZero {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(address(router));
        registry.slash(provider, 1, address(0));
    }

    modifier whenReceiverNotZeroAddress() {
        _;
    }

    function test_WhenAmountNotAboveActiveStake()
        external
        whenCallerRouter
        givenStake
        whenAmountNotZero
        whenReceiverNotZeroAddress
    {
        uint40 availableAt = registry.stakeOf(provider).unbondingAvailableAt;
        _expectSlash(250e6, 250e6, _stakeOf(ACTIVE - 250e6, UNBONDING, availableAt));
        // Exactly the rest of the active stake.
        _expectSlash(ACTIVE - 250e6, ACTIVE - 250e6, _stakeOf(0, UNBONDING, availableAt));
    }

    function test_WhenAmountAboveActiveStakeAndNotAboveWholeStake()
        external
        whenCallerRouter
        givenStake
        whenAmountNotZero
        whenReceiverNotZeroAddress
    {
        uint40 availableAt = registry.stakeOf(provider).unbondingAvailableAt;
        _expectSlash(ACTIVE + 100e6, ACTIVE + 100e6, _stakeOf(0, UNBONDING - 100e6, availableAt));
        // Exactly what is left, all of it unbonding: nothing is left to wait for.
        _expectSlash(UNBONDING - 100e6, UNBONDING - 100e6, _stakeOf(0, 0, 0));

        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_StakeLocked.selector, 0));
        vm.prank(provider);
        registry.withdrawStake();
    }

    function test_WhenAmountAboveWholeStake()
        external
        whenCallerRouter
        givenStake
        whenAmountNotZero
        whenReceiverNotZeroAddress
    {
        _expectSlash(type(uint96).max, ACTIVE + UNBONDING, _stakeOf(0, 0, 0));
        // Once the stake is gone, further slashes take nothing.
        _expectNothingSlashed(1);
    }

    /// @dev Slashes `amount` and checks the events, the return value, the stake left and every balance.
    function _expectSlash(uint96 amount, uint96 slashed, IProviderRegistry.Stake memory left) internal {
        uint256 totalBefore = registry.totalStaked();
        uint256 receiverBefore = usdc.balanceOf(receiver);

        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.StakeSlashed(provider, slashed, receiver);
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.StakeChanged(provider, left.staked, left.unbonding, left.unbondingAvailableAt);
        vm.expectEmit({emitter: address(usdc)});
        emit IERC20.Transfer(address(registry), receiver, slashed);
        vm.prank(address(router));
        assertEq(registry.slash(provider, amount, receiver), slashed, "slashed");

        _assertEq(registry.stakeOf(provider), left);
        assertEq(registry.totalStaked(), totalBefore - slashed, "totalStaked");
        assertEq(usdc.balanceOf(receiver), receiverBefore + slashed, "receiver balance");
        assertEq(usdc.balanceOf(address(registry)), registry.totalStaked(), "registry balance");
    }

    function _expectNothingSlashed(uint96 amount) internal {
        IProviderRegistry.Stake memory before = registry.stakeOf(provider);
        uint256 totalBefore = registry.totalStaked();
        uint256 receiverBefore = usdc.balanceOf(receiver);

        vm.recordLogs();
        vm.prank(address(router));
        assertEq(registry.slash(provider, amount, receiver), 0, "slashed");
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(logs.length, 0, "logs");
        _assertEq(registry.stakeOf(provider), before);
        assertEq(registry.totalStaked(), totalBefore, "totalStaked");
        assertEq(usdc.balanceOf(receiver), receiverBefore, "receiver balance");
    }
}
