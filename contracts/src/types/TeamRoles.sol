// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Team role bits, combined in a uint8 per member (Solady-style role bitmap: one SLOAD for all).
library TeamRoles {
    /// Manages members and the provider whitelist.
    uint8 internal constant ADMIN = 1;
    /// Reads team spending (enforced by the UIs and API: chain data is public).
    uint8 internal constant VIEWER = 2;
    /// Submits jobs for the team.
    uint8 internal constant USER = 4;
    uint8 internal constant ALL = ADMIN | VIEWER | USER;
}
