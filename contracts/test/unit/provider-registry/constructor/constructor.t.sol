// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {ProviderRegistry} from "../../../../src/ProviderRegistry.sol";
import {ProviderRegistry_Unit_Test} from "../ProviderRegistry.t.sol";

contract ProviderRegistry_Constructor_Unit_Test is ProviderRegistry_Unit_Test {
    function test_WhenDeployed() external {
        address expected = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        vm.expectEmit({emitter: expected});
        emit IProviderRegistry.TokenAllowed(address(usdc), true);
        ProviderRegistry fresh = new ProviderRegistry(admin, usdc);

        assertEq(address(fresh), expected, "address");
        assertTrue(fresh.hasRole(fresh.DEFAULT_ADMIN_ROLE(), admin), "admin role");
        assertFalse(fresh.hasRole(fresh.DEFAULT_ADMIN_ROLE(), address(this)), "deployer role");
        assertEq(address(fresh.STAKE_TOKEN()), address(usdc), "STAKE_TOKEN");
        assertTrue(fresh.tokenAllowed(address(usdc)), "stake token allowed");
        assertFalse(fresh.tokenAllowed(address(akt)), "other token allowed");
        assertEq(fresh.router(), address(0), "router");
        assertEq(fresh.listingCount(), 0, "listingCount");
        assertEq(fresh.totalStaked(), 0, "totalStaked");
        assertEq(fresh.MAX_SLOPE_BPS(), 20_000, "MAX_SLOPE_BPS");
        assertEq(fresh.UNBONDING_DELAY(), 7 days, "UNBONDING_DELAY");
    }
}
