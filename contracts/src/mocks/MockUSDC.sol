// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockUSDC
/// @notice A 6-decimal stand-in for USDC on local and test chains, with a rate-limited public faucet.
contract MockUSDC is ERC20 {
    /// @notice Most a single faucet call mints: 10,000 USDC.
    uint256 public constant FAUCET_LIMIT = 10_000e6;

    /// @dev Asking the faucet for more than its limit.
    error MockUSDC_FaucetLimit(uint256 requested, uint256 limit);

    constructor() ERC20("Mock USD Coin", "USDC") {}

    /// @notice Mints up to FAUCET_LIMIT to the caller.
    function faucet(uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert MockUSDC_FaucetLimit(amount, FAUCET_LIMIT);
        _mint(msg.sender, amount);
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
