// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RouterTest} from "../shared/RouterTest.sol";

contract ClientCommitment_Unit_Test is RouterTest {
    function test_ClientCommitment() external view {
        assertEq(
            bytes32(router.clientCommitment(client, SALT)),
            bytes32(bytes20(keccak256(abi.encode(client, SALT))))
        );
    }

    function test_WhenSaltChanges() external view {
        assertNotEq(
            bytes32(router.clientCommitment(client, SALT)),
            bytes32(router.clientCommitment(client, WRONG_SALT))
        );
    }

    function test_WhenClientChanges() external view {
        assertNotEq(
            bytes32(router.clientCommitment(client, SALT)), bytes32(router.clientCommitment(stranger, SALT))
        );
    }
}
