// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_PayoutOf_Unit_Test is ProviderRegistry_Unit_Test {
    function test_GivenProviderNotRegistered() external view {
        assertEq(registry.payoutOf(stranger), address(0), "payout");
        // The payout address is not itself a provider.
        assertEq(registry.payoutOf(payout), address(0), "payout of payout");
    }

    function test_GivenProviderRegistered() external {
        assertEq(registry.payoutOf(provider), payout, "payout");
        address newPayout = makeAddr("newPayout");
        vm.prank(provider);
        registry.updateProvider(newPayout, "ipfs://provider-v2");
        assertEq(registry.payoutOf(provider), newPayout, "updated payout");
    }
}
