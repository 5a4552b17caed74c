// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TeamRegistry_Unit_Test} from "../TeamRegistry.t.sol";

contract TeamRegistry_IsProviderAllowed_Unit_Test is TeamRegistry_Unit_Test {
    function test_GivenWhitelistEmpty() external {
        assertTrue(teams.isProviderAllowed(teamId, providerKey), "provider");
        assertTrue(teams.isProviderAllowed(teamId, AKASH_KEY), "akash");
        assertTrue(teams.isProviderAllowed(teamId, bytes32(0)), "zero key");
        // No team at all means no whitelist either.
        assertTrue(teams.isProviderAllowed(0, AKASH_KEY), "team 0");

        // Emptied again after use: back to allowing all.
        _whitelist(AKASH_KEY, true);
        _whitelist(AKASH_KEY, false);
        assertTrue(teams.isProviderAllowed(teamId, RUNPOD_KEY), "runpod after emptying");
    }

    modifier givenWhitelistNotEmpty() {
        _whitelist(AKASH_KEY, true);
        _whitelist(providerKey, true);
        _;
    }

    function test_WhenProviderWhitelisted() external givenWhitelistNotEmpty {
        assertTrue(teams.isProviderAllowed(teamId, AKASH_KEY), "akash");
        assertTrue(teams.isProviderAllowed(teamId, providerKey), "provider");
    }

    function test_WhenProviderNotWhitelisted() external givenWhitelistNotEmpty {
        assertFalse(teams.isProviderAllowed(teamId, RUNPOD_KEY), "runpod");
        _whitelist(providerKey, false);
        assertFalse(teams.isProviderAllowed(teamId, providerKey), "removed provider");
        // Another team's whitelist does not apply.
        vm.prank(teamAdmin);
        uint64 other = teams.createTeam("Other");
        assertTrue(teams.isProviderAllowed(other, RUNPOD_KEY), "other team");
    }
}
