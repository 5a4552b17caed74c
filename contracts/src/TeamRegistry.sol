// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITeamRegistry} from "./interfaces/ITeamRegistry.sol";
import {Errors} from "./libraries/Errors.sol";
import {TeamRoles} from "./types/TeamRoles.sol";

/// @title TeamRegistry
/// @notice Teams with role bitmaps and a provider whitelist, used by `ComputeRouter` for team jobs.
contract TeamRegistry is ITeamRegistry {
    /// @inheritdoc ITeamRegistry
    uint64 public teamCount;

    mapping(uint64 teamId => mapping(address account => uint8 roles)) internal _roles;
    /// @dev Counted so that removing the last Admin can be refused without enumerating members.
    mapping(uint64 teamId => uint32) public adminCount;
    mapping(uint64 teamId => mapping(bytes32 providerKey => bool)) public whitelisted;
    /// @dev Counted so that "no whitelist" (allow all) is one read.
    mapping(uint64 teamId => uint32) public whitelistCount;

    /// @inheritdoc ITeamRegistry
    function createTeam(string calldata name) external returns (uint64 teamId) {
        teamId = ++teamCount;
        _roles[teamId][msg.sender] = TeamRoles.ALL;
        adminCount[teamId] = 1;
        emit TeamCreated(teamId, msg.sender, name);
        emit MemberRolesSet(teamId, msg.sender, TeamRoles.ALL, msg.sender);
    }

    /// @inheritdoc ITeamRegistry
    function setMemberRoles(uint64 teamId, address account, uint8 roles) external {
        // Check:
        _requireAdmin(teamId);
        if (account == address(0)) revert Errors.TeamRegistry_ZeroAddress();
        if (roles & ~TeamRoles.ALL != 0) revert Errors.TeamRegistry_InvalidRoles(roles);
        // Effect:
        _setRoles(teamId, account, roles);
    }

    /// @inheritdoc ITeamRegistry
    function leave(uint64 teamId) external {
        if (_roles[teamId][msg.sender] == 0) revert Errors.TeamRegistry_NotMember(teamId, msg.sender);
        _setRoles(teamId, msg.sender, 0);
    }

    /// @inheritdoc ITeamRegistry
    function setProviderWhitelisted(uint64 teamId, bytes32 providerKey, bool allowed) external {
        _requireAdmin(teamId);
        bool was = whitelisted[teamId][providerKey];
        if (was == allowed) {
            emit ProviderWhitelisted(teamId, providerKey, allowed, whitelistCount[teamId]);
            return;
        }
        whitelisted[teamId][providerKey] = allowed;
        uint32 count = allowed ? whitelistCount[teamId] + 1 : whitelistCount[teamId] - 1;
        whitelistCount[teamId] = count;
        emit ProviderWhitelisted(teamId, providerKey, allowed, count);
    }

    /// @inheritdoc ITeamRegistry
    function rolesOf(uint64 teamId, address account) external view returns (uint8) {
        return _roles[teamId][account];
    }

    /// @inheritdoc ITeamRegistry
    function isProviderAllowed(uint64 teamId, bytes32 providerKey) external view returns (bool) {
        return whitelistCount[teamId] == 0 || whitelisted[teamId][providerKey];
    }

    function _requireAdmin(uint64 teamId) internal view {
        if (teamId == 0 || teamId > teamCount) revert Errors.TeamRegistry_TeamNotFound(teamId);
        if (_roles[teamId][msg.sender] & TeamRoles.ADMIN == 0) {
            revert Errors.TeamRegistry_NotAdmin(teamId, msg.sender);
        }
    }

    function _setRoles(uint64 teamId, address account, uint8 roles) internal {
        bool wasAdmin = _roles[teamId][account] & TeamRoles.ADMIN != 0;
        bool isAdmin = roles & TeamRoles.ADMIN != 0;
        if (wasAdmin && !isAdmin) {
            if (adminCount[teamId] == 1) revert Errors.TeamRegistry_LastAdmin(teamId, account);
            adminCount[teamId] -= 1;
        } else if (!wasAdmin && isAdmin) {
            adminCount[teamId] += 1;
        }
        _roles[teamId][account] = roles;
        emit MemberRolesSet(teamId, account, roles, msg.sender);
    }
}
