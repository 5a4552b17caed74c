// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../../src/libraries/Errors.sol";
import {TeamRoles} from "../../../../src/types/TeamRoles.sol";
import {TeamRegistry_Unit_Test} from "../TeamRegistry.t.sol";

contract TeamRegistry_Leave_Unit_Test is TeamRegistry_Unit_Test {
    function test_RevertGiven_CallerNotMember() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_NotMember.selector, teamId, stranger));
        vm.prank(stranger);
        teams.leave(teamId);

        // A team that does not exist has no members.
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_NotMember.selector, 9, teamAdmin));
        vm.prank(teamAdmin);
        teams.leave(9);

        // Nor can a removed member leave again.
        _setRoles(member, TeamRoles.USER);
        vm.prank(member);
        teams.leave(teamId);
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_NotMember.selector, teamId, member));
        vm.prank(member);
        teams.leave(teamId);
    }

    modifier givenCallerMember() {
        _;
    }

    function test_RevertGiven_CallerLastAdmin() external givenCallerMember {
        // Other, non-admin members do not count.
        _setRoles(member, TeamRoles.VIEWER | TeamRoles.USER);
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_LastAdmin.selector, teamId, teamAdmin));
        vm.prank(teamAdmin);
        teams.leave(teamId);
    }

    function test_GivenCallerAdminAmongSeveral() external givenCallerMember {
        _setRoles(member, TeamRoles.ADMIN);
        _expectMemberRolesSet(teamId, teamAdmin, 0, teamAdmin);
        vm.prank(teamAdmin);
        teams.leave(teamId);

        assertEq(teams.rolesOf(teamId, teamAdmin), 0, "roles");
        assertEq(teams.adminCount(teamId), 1, "adminCount");
        // The remaining admin is now the last one.
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_LastAdmin.selector, teamId, member));
        vm.prank(member);
        teams.leave(teamId);
    }

    function test_GivenCallerNotAdmin() external givenCallerMember {
        _setRoles(member, TeamRoles.USER);
        _expectMemberRolesSet(teamId, member, 0, member);
        vm.prank(member);
        teams.leave(teamId);

        assertEq(teams.rolesOf(teamId, member), 0, "roles");
        assertEq(teams.adminCount(teamId), 1, "adminCount");
        assertEq(teams.rolesOf(teamId, teamAdmin), TeamRoles.ALL, "admin roles");
    }
}
