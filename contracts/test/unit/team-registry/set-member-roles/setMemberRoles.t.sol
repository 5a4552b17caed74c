// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../../src/libraries/Errors.sol";
import {TeamRoles} from "../../../../src/types/TeamRoles.sol";
import {TeamRegistry_Unit_Test} from "../TeamRegistry.t.sol";

contract TeamRegistry_SetMemberRoles_Unit_Test is TeamRegistry_Unit_Test {
    function test_RevertGiven_TeamNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_TeamNotFound.selector, 0));
        vm.prank(teamAdmin);
        teams.setMemberRoles(0, member, TeamRoles.USER);

        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_TeamNotFound.selector, 2));
        vm.prank(teamAdmin);
        teams.setMemberRoles(2, member, TeamRoles.USER);
    }

    function test_RevertWhen_CallerNotAdmin() external givenTeamExists {
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_NotAdmin.selector, teamId, stranger));
        vm.prank(stranger);
        teams.setMemberRoles(teamId, stranger, TeamRoles.ALL);

        // Every role but Admin is still not enough.
        _setRoles(member, TeamRoles.VIEWER | TeamRoles.USER);
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_NotAdmin.selector, teamId, member));
        vm.prank(member);
        teams.setMemberRoles(teamId, member, TeamRoles.ALL);
    }

    function test_RevertWhen_AccountZeroAddress() external givenTeamExists whenCallerAdmin {
        vm.expectRevert(Errors.TeamRegistry_ZeroAddress.selector);
        vm.prank(teamAdmin);
        teams.setMemberRoles(teamId, address(0), TeamRoles.USER);
    }

    modifier whenAccountNotZeroAddress() {
        _;
    }

    function test_RevertWhen_RolesInvalid()
        external
        givenTeamExists
        whenCallerAdmin
        whenAccountNotZeroAddress
    {
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_InvalidRoles.selector, 8));
        vm.prank(teamAdmin);
        teams.setMemberRoles(teamId, member, 8);

        // A valid bit does not excuse an invalid one.
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_InvalidRoles.selector, 0xFF));
        vm.prank(teamAdmin);
        teams.setMemberRoles(teamId, member, 0xFF);
    }

    modifier whenRolesValid() {
        _;
    }

    function test_RevertWhen_RemovingAdminFromLastAdmin()
        external
        givenTeamExists
        whenCallerAdmin
        whenAccountNotZeroAddress
        whenRolesValid
    {
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_LastAdmin.selector, teamId, teamAdmin));
        _setRoles(teamAdmin, TeamRoles.VIEWER | TeamRoles.USER);

        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_LastAdmin.selector, teamId, teamAdmin));
        _setRoles(teamAdmin, 0);

        // The last of two: once the other admin is gone, this one is the last again.
        _setRoles(member, TeamRoles.ADMIN);
        _setRoles(member, 0);
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_LastAdmin.selector, teamId, teamAdmin));
        _setRoles(teamAdmin, TeamRoles.USER);
        assertEq(teams.adminCount(teamId), 1, "adminCount");
    }

    function test_WhenGrantingAdmin()
        external
        givenTeamExists
        whenCallerAdmin
        whenAccountNotZeroAddress
        whenRolesValid
    {
        _expectMemberRolesSet(teamId, member, TeamRoles.ADMIN, teamAdmin);
        _setRoles(member, TeamRoles.ADMIN);
        assertEq(teams.rolesOf(teamId, member), TeamRoles.ADMIN, "roles");
        assertEq(teams.adminCount(teamId), 2, "adminCount");

        // The new admin may manage the team, including granting Admin to a non-member.
        _expectMemberRolesSet(teamId, client, TeamRoles.ADMIN | TeamRoles.USER, member);
        vm.prank(member);
        teams.setMemberRoles(teamId, client, TeamRoles.ADMIN | TeamRoles.USER);
        assertEq(teams.rolesOf(teamId, client), TeamRoles.ADMIN | TeamRoles.USER, "roles");
        assertEq(teams.adminCount(teamId), 3, "adminCount");
    }

    function test_WhenRemovingAdminFromOneOfSeveralAdmins()
        external
        givenTeamExists
        whenCallerAdmin
        whenAccountNotZeroAddress
        whenRolesValid
    {
        _setRoles(member, TeamRoles.ALL);

        // An admin may step down while another remains.
        _expectMemberRolesSet(teamId, teamAdmin, TeamRoles.VIEWER, teamAdmin);
        _setRoles(teamAdmin, TeamRoles.VIEWER);
        assertEq(teams.rolesOf(teamId, teamAdmin), TeamRoles.VIEWER, "roles");
        assertEq(teams.adminCount(teamId), 1, "adminCount");

        // And an admin may remove another outright.
        vm.prank(member);
        teams.setMemberRoles(teamId, teamAdmin, TeamRoles.ADMIN);
        _expectMemberRolesSet(teamId, teamAdmin, 0, member);
        vm.prank(member);
        teams.setMemberRoles(teamId, teamAdmin, 0);
        assertEq(teams.rolesOf(teamId, teamAdmin), 0, "roles");
        assertEq(teams.adminCount(teamId), 1, "adminCount");
    }

    function test_WhenAdminBitUnchanged()
        external
        givenTeamExists
        whenCallerAdmin
        whenAccountNotZeroAddress
        whenRolesValid
    {
        _expectMemberRolesSet(teamId, member, TeamRoles.USER, teamAdmin);
        _setRoles(member, TeamRoles.USER);
        assertEq(teams.rolesOf(teamId, member), TeamRoles.USER, "added");

        _expectMemberRolesSet(teamId, member, TeamRoles.VIEWER, teamAdmin);
        _setRoles(member, TeamRoles.VIEWER);
        assertEq(teams.rolesOf(teamId, member), TeamRoles.VIEWER, "changed");

        _expectMemberRolesSet(teamId, member, 0, teamAdmin);
        _setRoles(member, 0);
        assertEq(teams.rolesOf(teamId, member), 0, "removed");

        // Re-setting an admin's roles, the last admin's included, keeps the count.
        _expectMemberRolesSet(teamId, teamAdmin, TeamRoles.ADMIN, teamAdmin);
        _setRoles(teamAdmin, TeamRoles.ADMIN);
        _expectMemberRolesSet(teamId, teamAdmin, TeamRoles.ALL, teamAdmin);
        _setRoles(teamAdmin, TeamRoles.ALL);
        assertEq(teams.rolesOf(teamId, teamAdmin), TeamRoles.ALL, "admin roles");
        assertEq(teams.adminCount(teamId), 1, "adminCount");
    }
}
