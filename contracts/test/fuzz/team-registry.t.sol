// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../src/libraries/Errors.sol";
import {TeamRoles} from "../../src/types/TeamRoles.sol";
import {TeamRegistry_Unit_Test} from "../unit/team-registry/TeamRegistry.t.sol";

contract TeamRegistry_Fuzz_Test is TeamRegistry_Unit_Test {
    uint256 internal constant ACCOUNTS = 4;
    uint256 internal constant KEYS = 4;
    uint256 internal constant MAX_STEPS = 24;

    function testFuzz_SetMemberRoles_RevertWhen_RolesInvalid(uint8 roles) external {
        roles = uint8(_bound(roles, 8, type(uint8).max));
        vm.expectRevert(abi.encodeWithSelector(Errors.TeamRegistry_InvalidRoles.selector, roles));
        vm.prank(teamAdmin);
        teams.setMemberRoles(teamId, member, roles);
    }

    /// @dev Random role changes by a current admin: the admin count always equals the admins, and only the
    /// change that would remove the last admin is refused.
    function testFuzz_SetMemberRoles_AdminCountMatchesAdmins(uint256[] calldata steps) external {
        address[ACCOUNTS] memory accounts = [teamAdmin, member, client, stranger];
        uint8[ACCOUNTS] memory roles = [TeamRoles.ALL, 0, 0, 0];
        uint256 count = steps.length < MAX_STEPS ? steps.length : MAX_STEPS;
        for (uint256 i; i < count; ++i) {
            uint256 target = steps[i] % ACCOUNTS;
            uint8 newRoles = uint8((steps[i] >> 8) % (TeamRoles.ALL + 1));
            address caller = accounts[_anAdmin(roles)];
            uint256 admins = _admins(roles);
            bool demotesLast =
                roles[target] & TeamRoles.ADMIN != 0 && newRoles & TeamRoles.ADMIN == 0 && admins == 1;
            if (demotesLast) {
                vm.expectRevert(
                    abi.encodeWithSelector(Errors.TeamRegistry_LastAdmin.selector, teamId, accounts[target])
                );
            } else {
                roles[target] = newRoles;
            }
            vm.prank(caller);
            teams.setMemberRoles(teamId, accounts[target], newRoles);

            assertEq(teams.adminCount(teamId), _admins(roles), "adminCount");
            assertGe(teams.adminCount(teamId), 1, "no admin left");
            for (uint256 a; a < ACCOUNTS; ++a) {
                assertEq(teams.rolesOf(teamId, accounts[a]), roles[a], "roles");
            }
        }
    }

    /// @dev Random whitelist toggles, repeats included: the count always equals the whitelisted keys.
    function testFuzz_SetProviderWhitelisted_CountEqualsWhitelistedKeys(uint256[] calldata steps) external {
        bytes32[KEYS] memory keys = [providerKey, AKASH_KEY, RUNPOD_KEY, bytes32(uint256(1))];
        bool[KEYS] memory listed;
        uint256 count = steps.length < MAX_STEPS ? steps.length : MAX_STEPS;
        for (uint256 i; i < count; ++i) {
            uint256 k = steps[i] % KEYS;
            bool allowed = (steps[i] >> 8) % 2 == 1;
            listed[k] = allowed;
            _whitelist(keys[k], allowed);

            uint256 expected;
            for (uint256 j; j < KEYS; ++j) {
                if (listed[j]) ++expected;
            }
            assertEq(teams.whitelistCount(teamId), expected, "whitelistCount");
            for (uint256 j; j < KEYS; ++j) {
                assertEq(teams.whitelisted(teamId, keys[j]), listed[j], "whitelisted");
                assertEq(teams.isProviderAllowed(teamId, keys[j]), expected == 0 || listed[j], "allowed");
            }
        }
    }

    function _admins(uint8[ACCOUNTS] memory roles) internal pure returns (uint256 n) {
        for (uint256 a; a < ACCOUNTS; ++a) {
            if (roles[a] & TeamRoles.ADMIN != 0) ++n;
        }
    }

    function _anAdmin(uint8[ACCOUNTS] memory roles) internal pure returns (uint256) {
        for (uint256 a; a < ACCOUNTS; ++a) {
            if (roles[a] & TeamRoles.ADMIN != 0) return a;
        }
        revert("no admin");
    }
}
