// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TeamRegistry} from "../../../src/TeamRegistry.sol";
import {TeamRoles} from "../../../src/types/TeamRoles.sol";
import {EscrowStore} from "../stores/EscrowStore.sol";
import {BaseHandler} from "./BaseHandler.sol";

/// @notice Drives teams: creation, role changes (by Admins and by outsiders), leaving, and the whitelist.
/// Every account it touches comes from the store's member pool, so the invariants can enumerate them.
contract TeamRegistryHandler is BaseHandler {
    TeamRegistry public immutable TEAMS;

    /// @dev Teams beyond this add nothing new and slow every invariant check.
    uint256 internal constant MAX_TEAMS = 3;

    constructor(EscrowStore store, TeamRegistry teams) BaseHandler(store) {
        TEAMS = teams;
    }

    function createTeam(uint256 creatorSeed) external instrument("createTeam") {
        if (STORE.teamCount() >= MAX_TEAMS) {
            _skip();
            return;
        }
        address creator = _member(creatorSeed);
        vm.prank(creator);
        uint64 teamId = TEAMS.createTeam("team");
        STORE.addTeam(teamId, creator);
        _ok();
    }

    function setMemberRoles(uint256 teamSeed, uint256 callerSeed, uint256 accountSeed, uint8 roles)
        external
        instrument("setMemberRoles")
    {
        if (STORE.teamCount() == 0) {
            _skip();
            return;
        }
        uint64 teamId = _team(teamSeed);
        // Mostly an Admin of the team; one call in four comes from any member, Admin or not.
        address caller = _oneIn(callerSeed, 4) ? _member(callerSeed) : _admin(teamId, callerSeed);
        address account = _member(accountSeed);
        // One call in sixteen uses bits outside Admin | Viewer | User, which must fail.
        if (!_oneIn(accountSeed, 16)) roles &= TeamRoles.ALL;
        bool callerIsAdmin = STORE.teamRoles(teamId, caller) & TeamRoles.ADMIN != 0;
        vm.prank(caller);
        try TEAMS.setMemberRoles(teamId, account, roles) {
            if (!callerIsAdmin) STORE.report("roles", "a non-Admin changed team roles");
            if (roles & ~TeamRoles.ALL != 0) STORE.report("roles", "team roles outside ALL accepted");
            STORE.setTeamRoles(teamId, account, roles);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function leave(uint256 teamSeed, uint256 memberSeed) external instrument("leave") {
        if (STORE.teamCount() == 0) {
            _skip();
            return;
        }
        uint64 teamId = _team(teamSeed);
        // Mostly a member who may leave; one call in eight any account (a non-member or the last Admin must
        // be refused).
        address member = _oneIn(memberSeed, 8) ? _member(memberSeed) : _leaver(teamId, memberSeed);
        vm.prank(member);
        try TEAMS.leave(teamId) {
            STORE.setTeamRoles(teamId, member, 0);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function whitelist(uint256 teamSeed, uint256 callerSeed, uint256 keySeed, bool allowed)
        external
        instrument("whitelist")
    {
        if (STORE.teamCount() == 0) {
            _skip();
            return;
        }
        uint64 teamId = _team(teamSeed);
        address caller = _oneIn(callerSeed, 4) ? _member(callerSeed) : _admin(teamId, callerSeed);
        bytes32 key = STORE.providerKeys(keySeed % STORE.providerKeyCount());
        bool callerIsAdmin = STORE.teamRoles(teamId, caller) & TeamRoles.ADMIN != 0;
        vm.prank(caller);
        try TEAMS.setProviderWhitelisted(teamId, key, allowed) {
            if (!callerIsAdmin) STORE.report("roles", "a non-Admin changed the whitelist");
            STORE.setWhitelisted(teamId, key, allowed);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function _team(uint256 seed) internal view returns (uint64) {
        return STORE.teams(seed % STORE.teamCount());
    }

    function _member(uint256 seed) internal view returns (address) {
        return STORE.members(seed % STORE.memberCount());
    }

    /// @dev A ghost member who may leave: not an Admin, or one of several. Discards the call if none.
    function _leaver(uint64 teamId, uint256 seed) internal view returns (address) {
        uint256 n = STORE.memberCount();
        uint256 admins;
        for (uint256 i; i < n; ++i) {
            if (STORE.teamRoles(teamId, STORE.members(i)) & TeamRoles.ADMIN != 0) ++admins;
        }
        for (uint256 i; i < n; ++i) {
            address m = STORE.members((seed + i) % n);
            uint8 roles = STORE.teamRoles(teamId, m);
            if (roles != 0 && (roles & TeamRoles.ADMIN == 0 || admins > 1)) return m;
        }
        _skip();
        return address(0);
    }

    /// @dev A ghost Admin of the team, searched from `seed` (every team keeps one).
    function _admin(uint64 teamId, uint256 seed) internal view returns (address) {
        uint256 n = STORE.memberCount();
        for (uint256 i; i < n; ++i) {
            address m = STORE.members((seed + i) % n);
            if (STORE.teamRoles(teamId, m) & TeamRoles.ADMIN != 0) return m;
        }
        return _member(seed);
    }
}
