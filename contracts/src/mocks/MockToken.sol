// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockToken
/// @notice An 18-decimal token for token-denominated listings on local and test chains (a stand-in for AKT).
contract MockToken is ERC20 {
    constructor(string memory name, string memory symbol) ERC20(name, symbol) {}

    /// @notice Anyone may mint on a local chain.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
