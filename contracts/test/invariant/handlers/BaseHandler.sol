// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {EscrowStore} from "../stores/EscrowStore.sol";

/// @notice What every handler shares: the store, call counting and the ghost clock.
abstract contract BaseHandler is CommonBase, StdCheats, StdUtils {
    EscrowStore public immutable STORE;

    /// @dev The handler function being run, so `_ok` can credit its success.
    string internal _current;

    constructor(EscrowStore store) {
        STORE = store;
    }

    /// @dev Names the call for the summary and warps to the ghost clock, which only `warp` moves forward.
    modifier instrument(string memory name) {
        _current = name;
        vm.warp(STORE.currentTime());
        _;
    }

    function _ok() internal {
        STORE.countSuccess(_current);
    }

    /// @dev Nothing to act on (no job in the right status, no team yet): Foundry discards the call and draws
    /// another, so the depth is spent on calls that do something.
    function _skip() internal pure {
        vm.assume(false);
    }

    /// @dev A branch taken one time in `n`. Fuzzed seeds are often 0 or other round values, which `seed % n`
    /// would send down the same branch (usually the deliberately wrong one) far more often.
    function _oneIn(uint256 seed, uint256 n) internal pure returns (bool) {
        return _roll(seed, n) == 0;
    }

    /// @dev `seed` hashed with `n`, reduced mod `n`: a uniform pick among n outcomes.
    function _roll(uint256 seed, uint256 n) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, n))) % n;
    }

    /// @dev Re-raises a refused call, so Foundry's per-function table counts it as a revert (the store's
    /// success count rolls back with it).
    function _bubble(bytes memory reason) internal pure {
        assembly ("memory-safe") {
            revert(add(reason, 0x20), mload(reason))
        }
    }

    function _now() internal view returns (uint40) {
        return uint40(block.timestamp);
    }
}
