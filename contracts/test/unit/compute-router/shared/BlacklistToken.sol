// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A USDC-like token whose issuer can block accounts, to show that a failed push payment is credited
/// instead of locking the job. Reverting is how USDC refuses; returning false is how older tokens refuse.
contract BlacklistToken is ERC20 {
    enum Refusal {
        Revert,
        ReturnFalse
    }

    /// @dev Blocked accounts can neither send nor receive.
    error BlacklistToken_Blacklisted(address account);

    mapping(address account => bool) public blacklisted;
    Refusal public refusal;

    constructor(Refusal refusal_) ERC20("Blacklist USD", "BUSD") {
        refusal = refusal_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBlacklisted(address account, bool blocked) external {
        blacklisted[account] = blocked;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (refusal == Refusal.ReturnFalse && (blacklisted[msg.sender] || blacklisted[to])) return false;
        return super.transfer(to, value);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blacklisted[from]) revert BlacklistToken_Blacklisted(from);
        if (blacklisted[to]) revert BlacklistToken_Blacklisted(to);
        super._update(from, to, value);
    }
}
