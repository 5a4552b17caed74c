// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../../../src/types/Job.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract Views_Fuzz_Test is RouterTest {
    function testFuzz_AttestationDigest(Job.Terms memory t) external view {
        assertEq(router.attestationDigest(t), _offChainDigest(t));
    }

    function testFuzz_ExternalAttestationDigest(Job.ExternalTerms memory t) external view {
        assertEq(router.externalAttestationDigest(t), _offChainDigest(t));
    }

    function testFuzz_ClientCommitment(address account, bytes32 salt) external view {
        assertEq(
            bytes32(router.clientCommitment(account, salt)),
            bytes32(bytes20(keccak256(abi.encode(account, salt))))
        );
    }
}
