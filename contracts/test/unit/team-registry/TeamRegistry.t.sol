// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITeamRegistry} from "../../../src/interfaces/ITeamRegistry.sol";
import {Base} from "../../utils/Base.t.sol";

/// @notice A team created by `teamAdmin`, plus helpers shared by the TeamRegistry unit and fuzz tests.
abstract contract TeamRegistry_Unit_Test is Base {
    /// @dev External providers are keyed by their short-string id.
    bytes32 internal constant AKASH_KEY = "akash";
    bytes32 internal constant RUNPOD_KEY = "runpod";

    address internal teamAdmin = makeAddr("teamAdmin");
    address internal member = makeAddr("member");
    uint64 internal teamId;
    /// @dev On-chain providers are keyed by their address.
    bytes32 internal providerKey;

    function setUp() public virtual override {
        super.setUp();
        providerKey = bytes32(uint256(uint160(provider)));
        vm.prank(teamAdmin);
        teamId = teams.createTeam("Lab");
    }

    // Branch modifiers

    modifier givenTeamExists() {
        _;
    }

    modifier whenCallerAdmin() {
        _;
    }

    // Helpers

    function _setRoles(address account, uint8 roles) internal {
        vm.prank(teamAdmin);
        teams.setMemberRoles(teamId, account, roles);
    }

    function _whitelist(bytes32 key, bool allowed) internal {
        vm.prank(teamAdmin);
        teams.setProviderWhitelisted(teamId, key, allowed);
    }

    function _expectMemberRolesSet(uint64 id, address account, uint8 roles, address by) internal {
        vm.expectEmit({emitter: address(teams)});
        emit ITeamRegistry.MemberRolesSet(id, account, roles, by);
    }
}
