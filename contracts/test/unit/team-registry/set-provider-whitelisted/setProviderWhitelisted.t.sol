// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITeamRegistry} from "../../../../src/interfaces/ITeamRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {TeamRoles} from "../../../../src/types/TeamRoles.sol";
import {TeamRegistry_Unit_Test} from "../TeamRegistry.t.sol";

contract TeamRegistry_SetProviderWhitelisted_Unit_Test is TeamRegistry_Unit_Test {
    function test_RevertGiven_TeamNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_TeamNotFound.selector, 0));
        vm.prank(teamAdmin);
        teams.setProviderWhitelisted(0, providerKey, true);

        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_TeamNotFound.selector, 2));
        vm.prank(teamAdmin);
        teams.setProviderWhitelisted(2, providerKey, true);
    }

    function test_RevertWhen_CallerNotAdmin() external givenTeamExists {
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_NotAdmin.selector, teamId, stranger));
        vm.prank(stranger);
        teams.setProviderWhitelisted(teamId, providerKey, true);

        _setRoles(member, TeamRoles.VIEWER | TeamRoles.USER);
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_NotAdmin.selector, teamId, member));
        vm.prank(member);
        teams.setProviderWhitelisted(teamId, providerKey, true);
    }

    function test_WhenStatusUnchanged() external givenTeamExists whenCallerAdmin {
        // Removing a provider that was never added.
        _expectWhitelisted(AKASH_KEY, false, 0);
        _whitelist(AKASH_KEY, false);
        assertEq(teams.whitelistCount(teamId), 0, "whitelistCount");
        assertFalse(teams.whitelisted(teamId, AKASH_KEY), "whitelisted");

        // Adding one twice counts it once.
        _whitelist(providerKey, true);
        _expectWhitelisted(providerKey, true, 1);
        _whitelist(providerKey, true);
        assertEq(teams.whitelistCount(teamId), 1, "whitelistCount");
        assertTrue(teams.whitelisted(teamId, providerKey), "whitelisted");
    }

    function test_WhenAdding() external givenTeamExists whenCallerAdmin {
        _expectWhitelisted(providerKey, true, 1);
        _whitelist(providerKey, true);
        _expectWhitelisted(AKASH_KEY, true, 2);
        _whitelist(AKASH_KEY, true);

        assertTrue(teams.whitelisted(teamId, providerKey), "provider whitelisted");
        assertTrue(teams.whitelisted(teamId, AKASH_KEY), "akash whitelisted");
        assertFalse(teams.whitelisted(teamId, RUNPOD_KEY), "runpod whitelisted");
        assertEq(teams.whitelistCount(teamId), 2, "whitelistCount");
    }

    function test_WhenRemoving() external givenTeamExists whenCallerAdmin {
        _whitelist(providerKey, true);
        _whitelist(AKASH_KEY, true);

        _expectWhitelisted(providerKey, false, 1);
        _whitelist(providerKey, false);
        assertFalse(teams.whitelisted(teamId, providerKey), "provider whitelisted");
        assertEq(teams.whitelistCount(teamId), 1, "whitelistCount");

        _expectWhitelisted(AKASH_KEY, false, 0);
        _whitelist(AKASH_KEY, false);
        assertFalse(teams.whitelisted(teamId, AKASH_KEY), "akash whitelisted");
        assertEq(teams.whitelistCount(teamId), 0, "whitelistCount");
    }

    function _expectWhitelisted(bytes32 key, bool allowed, uint32 count) internal {
        vm.expectEmit({emitter: address(teams)});
        emit ITeamRegistry.ProviderWhitelisted(teamId, key, allowed, count);
    }
}
