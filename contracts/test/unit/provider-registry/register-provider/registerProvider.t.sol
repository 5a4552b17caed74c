// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_RegisterProvider_Unit_Test is ProviderRegistry_Unit_Test {
    function test_RevertGiven_CallerRegistered() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_AlreadyRegistered.selector, provider));
        vm.prank(provider);
        registry.registerProvider(makeAddr("newPayout"), "ipfs://again");
    }

    modifier givenCallerNotRegistered() {
        _;
    }

    function test_RevertWhen_PayoutZeroAddress() external givenCallerNotRegistered {
        vm.expectRevert(Errors.ProviderRegistry_ZeroPayout.selector);
        vm.prank(stranger);
        registry.registerProvider(address(0), "ipfs://stranger");
    }

    function test_WhenPayoutNotZeroAddress() external givenCallerNotRegistered {
        address strangerPayout = makeAddr("strangerPayout");
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ProviderRegistered(stranger, strangerPayout, "ipfs://stranger");
        vm.prank(stranger);
        registry.registerProvider(strangerPayout, "ipfs://stranger");

        assertEq(registry.payoutOf(stranger), strangerPayout, "payout");
        // Registering creates no listing and no stake.
        assertEq(registry.listingCount(), 1, "listingCount");
        _assertEq(registry.stakeOf(stranger), _stakeOf(0, 0, 0));
    }

    function testFuzz_WhenPayoutNotZeroAddress(address caller, address payout_, string calldata uri)
        external
        givenCallerNotRegistered
    {
        vm.assume(caller != provider && payout_ != address(0));
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.ProviderRegistered(caller, payout_, uri);
        vm.prank(caller);
        registry.registerProvider(payout_, uri);
        assertEq(registry.payoutOf(caller), payout_, "payout");
    }
}
