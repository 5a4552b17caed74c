// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TeamRoles} from "../../../../src/types/TeamRoles.sol";
import {TeamRegistry_Unit_Test} from "../TeamRegistry.t.sol";

contract TeamRegistry_RolesOf_Unit_Test is TeamRegistry_Unit_Test {
    function test_GivenAccountNotMember() external view {
        assertEq(teams.rolesOf(teamId, stranger), 0, "stranger");
        assertEq(teams.rolesOf(0, teamAdmin), 0, "team 0");
        assertEq(teams.rolesOf(2, teamAdmin), 0, "unknown team");
    }

    function test_GivenAccountMember() external {
        _setRoles(member, TeamRoles.VIEWER | TeamRoles.USER);
        vm.prank(member);
        uint64 other = teams.createTeam("Other");

        assertEq(teams.rolesOf(teamId, teamAdmin), TeamRoles.ALL, "creator");
        assertEq(teams.rolesOf(teamId, member), TeamRoles.VIEWER | TeamRoles.USER, "member");
        assertEq(teams.rolesOf(other, member), TeamRoles.ALL, "member in own team");
        assertEq(teams.rolesOf(other, teamAdmin), 0, "admin in other team");
    }
}
