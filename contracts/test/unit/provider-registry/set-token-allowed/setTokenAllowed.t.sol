// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {MockToken} from "../../../../src/mocks/MockToken.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_SetTokenAllowed_Unit_Test is ProviderRegistry_Unit_Test {
    MockToken internal rndr;

    function setUp() public override {
        super.setUp();
        rndr = new MockToken("Mock Render Token", "RNDR");
    }

    function test_RevertWhen_CallerNotAdmin() external {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                provider,
                registry.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(provider);
        registry.setTokenAllowed(address(rndr), true);
    }

    function test_WhenAllowing() external whenCallerAdmin {
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.TokenAllowed(address(rndr), true);
        vm.prank(admin);
        registry.setTokenAllowed(address(rndr), true);

        assertTrue(registry.tokenAllowed(address(rndr)), "tokenAllowed");
        uint32 id = _addListing(provider, Listing.PricingModel.Token, address(rndr), 1e18, 0, 1);
        assertEq(registry.getListing(id).token, address(rndr), "listing token");

        // Allowing twice is harmless and emits again.
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.TokenAllowed(address(rndr), true);
        vm.prank(admin);
        registry.setTokenAllowed(address(rndr), true);
        assertTrue(registry.tokenAllowed(address(rndr)), "tokenAllowed");
    }

    function test_WhenDisallowing() external whenCallerAdmin {
        vm.expectEmit({emitter: address(registry)});
        emit IProviderRegistry.TokenAllowed(address(usdc), false);
        vm.prank(admin);
        registry.setTokenAllowed(address(usdc), false);

        assertFalse(registry.tokenAllowed(address(usdc)), "tokenAllowed");
        Listing.Params memory p = _params(Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 1);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ProviderRegistry_TokenNotAllowed.selector, address(usdc))
        );
        vm.prank(provider);
        registry.addListing(p);

        // The stake token is fixed at deployment, independent of the settlement allowlist.
        _stake(provider, 100e6);
        assertEq(registry.stakeOf(provider).staked, 100e6, "staked");
    }
}
