// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ITeamRegistry
/// @notice Teams for Tracked mode: Admin (members, provider whitelist), Viewer (read), User (submit jobs).
interface ITeamRegistry {
    /// @notice Emitted when a team is created; the creator becomes its first Admin with every role.
    event TeamCreated(uint64 indexed teamId, address indexed creator, string name);
    /// @notice Emitted on every role change with the member's resulting roles (0 = removed).
    event MemberRolesSet(uint64 indexed teamId, address indexed account, uint8 roles, address indexed by);
    /// @notice Emitted when an Admin adds or removes a provider from the team whitelist.
    event ProviderWhitelisted(uint64 indexed teamId, bytes32 indexed providerKey, bool allowed, uint32 count);

    /// @notice Creates a team with the caller as Admin, Viewer and User.
    /// @dev Emits {TeamCreated} and {MemberRolesSet}.
    /// @return teamId The new team's id (starting at 1).
    function createTeam(string calldata name) external returns (uint64 teamId);

    /// @notice Sets an account's roles in a team (a bitmap of ADMIN=1, VIEWER=2, USER=4; 0 removes).
    /// @dev Emits {MemberRolesSet}.
    /// Requirements: the team exists; the caller is an Admin; roles ⊆ ALL; the last Admin keeps ADMIN.
    function setMemberRoles(uint64 teamId, address account, uint8 roles) external;

    /// @notice Leaves a team. The last Admin cannot leave.
    /// @dev Emits {MemberRolesSet} with roles 0. Requirements: the caller is a member and not the last Admin.
    function leave(uint64 teamId) external;

    /// @notice Adds or removes a provider from the team's whitelist. An empty whitelist allows all.
    /// @dev Emits {ProviderWhitelisted}. Requirements: the caller is an Admin.
    /// @param providerKey bytes32(uint256(uint160(provider))) for on-chain providers, or the short-string
    /// provider id (`"akash"`) for external ones.
    function setProviderWhitelisted(uint64 teamId, bytes32 providerKey, bool allowed) external;

    /// @notice An account's roles in a team.
    function rolesOf(uint64 teamId, address account) external view returns (uint8);

    /// @notice Whether a team job may go to this provider (true when the team has no whitelist).
    function isProviderAllowed(uint64 teamId, bytes32 providerKey) external view returns (bool);

    /// @notice Number of teams created.
    function teamCount() external view returns (uint64);
}
