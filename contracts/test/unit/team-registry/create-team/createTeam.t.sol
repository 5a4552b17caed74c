// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITeamRegistry} from "../../../../src/interfaces/ITeamRegistry.sol";
import {TeamRoles} from "../../../../src/types/TeamRoles.sol";
import {TeamRegistry_Unit_Test} from "../TeamRegistry.t.sol";

contract TeamRegistry_CreateTeam_Unit_Test is TeamRegistry_Unit_Test {
    function test_WhenCalled() external {
        vm.expectEmit({emitter: address(teams)});
        emit ITeamRegistry.TeamCreated(2, client, "Research");
        _expectMemberRolesSet(2, client, TeamRoles.ALL, client);
        vm.prank(client);
        assertEq(teams.createTeam("Research"), 2, "teamId");

        assertEq(teams.teamCount(), 2, "teamCount");
        assertEq(teams.rolesOf(2, client), TeamRoles.ALL, "creator roles");
        assertEq(teams.adminCount(2), 1, "adminCount");
        assertEq(teams.whitelistCount(2), 0, "whitelistCount");
        assertTrue(teams.isProviderAllowed(2, providerKey), "allows all");
        // The first team is untouched, and its admin has no say in the new one.
        assertEq(teams.rolesOf(teamId, client), 0, "roles in team 1");
        assertEq(teams.rolesOf(2, teamAdmin), 0, "team 1 admin in team 2");

        // The same account may create several teams, even with the same name.
        vm.expectEmit({emitter: address(teams)});
        emit ITeamRegistry.TeamCreated(3, client, "Research");
        vm.prank(client);
        assertEq(teams.createTeam("Research"), 3, "teamId");
        assertEq(teams.teamCount(), 3, "teamCount");
    }

    function testFuzz_WhenCalled(address creator, string calldata name) external {
        vm.expectEmit({emitter: address(teams)});
        emit ITeamRegistry.TeamCreated(2, creator, name);
        _expectMemberRolesSet(2, creator, TeamRoles.ALL, creator);
        vm.prank(creator);
        assertEq(teams.createTeam(name), 2, "teamId");
        assertEq(teams.rolesOf(2, creator), TeamRoles.ALL, "creator roles");
        assertEq(teams.adminCount(2), 1, "adminCount");
    }
}
