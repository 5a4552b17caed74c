// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_UpdateProvider_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertWhen_CallerNotProvider() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_NotProvider.selector, stranger));
        vm.prank(stranger);
        registry.updateProvider(makeAddr("newPayout"), "ipfs://stranger");
    }

    function test_RevertWhen_PayoutZeroAddress() external whenCallerProvider {
        vm.expectRevert(Errors.ProviderRegistry_ZeroPayout.selector);
        vm.prank(provider);
        registry.updateProvider(address(0), "ipfs://provider-v2");
    }

    function test_WhenPayoutNotZeroAddress() external whenCallerProvider {
        address newPayout = makeAddr("newPayout");
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ProviderUpdated(provider, newPayout, "ipfs://provider-v2");
        vm.prank(provider);
        registry.updateProvider(newPayout, "ipfs://provider-v2");

        assertEq(registry.payoutOf(provider), newPayout, "payout");
        // Listings keep pointing at the provider, not the payout.
        assertEq(registry.getListing(fixedListing).provider, provider, "listing provider");
    }
}
