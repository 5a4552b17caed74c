// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_StakeOf_Unit_Test is ProviderRegistry_Unit_Test {
    function test_GivenNoStake() external view {
        _assertEq(registry.stakeOf(provider), _stakeOf(0, 0, 0));
        _assertEq(registry.stakeOf(stranger), _stakeOf(0, 0, 0));
    }

    function test_GivenStake() external {
        _stake(provider, 1000e6);
        _assertEq(registry.stakeOf(provider), _stakeOf(1000e6, 0, 0));
        _requestUnstake(provider, 250e6);
        uint40 availableAt = uint40(block.timestamp + 7 days);
        _assertEq(registry.stakeOf(provider), _stakeOf(750e6, 250e6, availableAt));
        // Other accounts are unaffected.
        _assertEq(registry.stakeOf(stranger), _stakeOf(0, 0, 0));
    }
}
